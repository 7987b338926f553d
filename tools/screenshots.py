"""Write current pictures of the main screens into docs/ (``make screenshots``).

Renders real widgets offscreen over a fresh demo database, so the pictures show exactly
what a clerk sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from hallapp.app import AppContext, open_database  # noqa: E402
from hallapp.config import Settings  # noqa: E402
from hallapp.core.lifecycle import State  # noqa: E402
from hallapp.services.actors import COMMAND_LINE  # noqa: E402
from hallapp.services.demo import seed_demo  # noqa: E402
from hallapp.services.facade import HallServices  # noqa: E402
from hallapp.services.halls import actor_for  # noqa: E402
from hallapp.ui.launch import make_application  # noqa: E402
from hallapp.ui.main_window import MainWindow  # noqa: E402
from hallapp.ui.operations import InlineExecutor  # noqa: E402

SIZE = (1280, 800)
# A fixed day so the pictures only change when the program does.
TODAY = date(2026, 11, 27)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(shown(path))


def shoot_intake(app: QApplication, window: MainWindow, out: Path) -> None:
    """The intake screen filled in by keyboard, as a clerk leaves it before Ctrl+Enter."""
    window.show_area("intake")
    intake = window.intake
    settle(app)
    QTest.keyClicks(intake.picker.search, "zdshbzsq")
    QTest.qWait(300)
    QTest.keyClick(intake.picker.search, Qt.Key.Key_Return)
    settle(app)
    QTest.keyClicks(intake.applicant.doc_number, "430121195803120023")
    QTest.keyClick(intake.applicant.doc_number, Qt.Key.Key_Tab)
    intake.applicant.name.setText("刘秀英")
    intake.applicant.phone.setText("13974810236")
    intake.applicant.address.setText("示例县示例镇团结村3组12号")
    QTest.keyClick(intake, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    settle(app)
    save(window, out / "intake.png")
    QTest.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(app)
    save(window, out / "intake-accepted.png")


def shoot_cases(app: QApplication, window: MainWindow, ctx: AppContext, out: Path) -> None:
    """The register over generated cases, and one case with its timeline."""
    from hallapp.services.demo_cases import generate_cases

    generate_cases(ctx.uow(), COMMAND_LINE, 400, seed=11, today=TODAY)
    window.show_area("cases")
    window.register.refresh()
    settle(app)
    save(window, out / "register.png")
    model = window.register.model
    case_id = next(  # an open case, so that its next steps show
        model.case_id_at(r)
        for r in range(model.rowCount())
        if (row := model.case_row(r)) is not None and row.state is State.IN_PROGRESS
    )
    window.open_case(case_id)
    settle(app)
    save(window, out / "case-view.png")


def open_demo(work: Path) -> tuple[AppContext, HallServices]:
    ctx = open_database(Settings(work / "demo.sqlite3", work / "backups", work / "c.toml"))
    seed_demo(ctx.uow(), COMMAND_LINE)
    actor = actor_for(ctx.read_uow(), "zhangmin")
    return ctx, HallServices(ctx.uow, ctx.read_uow, actor, ctx.db_path)


def shoot_monitor(app: QApplication, out: Path) -> None:
    """The deadline monitor over a hall with open cases in every level, and the printed
    start-of-day list, on a database of their own so that no case taken in by the other
    pictures (on today's real date) shows among them."""
    from hallapp.services.deadlines import Bucket
    from hallapp.services.demo_cases import generate_cases

    work = Path(tempfile.mkdtemp(prefix="hallapp-monitor-"))
    ctx, services = open_demo(work)
    generate_cases(ctx.uow(), COMMAND_LINE, 1500, seed=11, today=TODAY)
    counts = services.level_counts(TODAY)
    if missing := [b.label for b in Bucket if not counts.of(b)]:
        raise SystemExit(f"the demo cases leave levels empty: {'、'.join(missing)}")
    state = QSettings(str(work / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        services, InlineExecutor(), state, today=lambda: TODAY, morning_reminder=False
    )
    window.resize(*SIZE)
    window.show()
    window.show_area("deadlines")
    settle(app)
    save(window, out / "monitor.png")

    pdf = work / "morning-list.pdf"
    services.write_morning_list(TODAY, pdf)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed to picture the start-of-day list")
    target = out / "morning-list"
    subprocess.run(
        [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
    )
    print(shown(target.with_suffix(".png")))
    window.close()
    ctx.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    work = Path(tempfile.mkdtemp(prefix="hallapp-shots-"))
    ctx, services = open_demo(work)
    state = QSettings(str(work / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, InlineExecutor(), state, today=lambda: TODAY)
    window.resize(*SIZE)
    window.show()
    settle(app)

    view = window.catalogue
    view.search.setText("ylbx")
    view.run_search()
    view.table.selectRow(0)
    settle(app)
    save(window, out / "main-window.png")

    view.search.setText("宅基地")
    view.run_search()
    view.table.selectRow(0)
    settle(app)
    save(window, out / "catalogue-guide.png")

    shoot_intake(app, window, out)
    shoot_cases(app, window, ctx, out)

    window.show_area("settings")
    window.settings_tabs.setCurrentWidget(window.calendar_view)
    window.calendar_view.year.setValue(2026)
    window.calendar_view.grid.select(date(2026, 2, 14))
    settle(app)
    save(window, out / "calendar.png")

    window.close()
    ctx.close()
    shoot_monitor(app, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(ROOT / (sys.argv[1] if len(sys.argv) > 1 else "docs")))
