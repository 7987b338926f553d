"""A damaged database at start: the clerk is told which file, and offered the backup."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.services import catalogue, maintenance
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import seed_demo
from hallapp.ui.launch import open_or_recover


def answer_next_box(button_text: str, seen: list[str]) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button_text in button.text():
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, click)


def damage(settings: Settings) -> bytes:
    data = bytearray(settings.db_path.read_bytes())
    data[16:100] = b"\xff" * 84
    settings.db_path.write_bytes(bytes(data))
    return bytes(data)


def test_restore_the_latest_backup_from_the_dialog(qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    ctx = open_database(settings)
    seed_demo(ctx.uow(), COMMAND_LINE)
    ctx.close()
    backup = maintenance.back_up_now(settings)
    damaged = damage(settings)

    seen: list[str] = []
    answer_next_box("恢复备份", seen)
    restored = open_or_recover(settings)
    assert restored is not None
    try:
        assert str(settings.db_path) in seen[0]
        assert "损坏的文件会原样保留" in seen[0]
        assert str(backup) in seen[0]
        assert catalogue.count_items(restored.read_uow()) >= 40
    finally:
        restored.close()
    kept = list(settings.db_path.parent.glob(settings.db_path.name + ".replaced-*"))
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [damaged]


def test_without_a_backup_the_clerk_is_told_and_nothing_changes(qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    open_database(settings).close()
    damaged = damage(settings)
    seen: list[str] = []
    answer_next_box("关闭", seen)
    assert open_or_recover(settings) is None
    assert "没有找到可用的备份" in seen[0]
    assert settings.db_path.read_bytes() == damaged


def test_declining_the_restore_leaves_the_file_alone(qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    open_database(settings).close()
    maintenance.back_up_now(settings)
    damaged = damage(settings)
    seen: list[str] = []
    answer_next_box("退出", seen)
    assert open_or_recover(settings) is None
    assert settings.db_path.read_bytes() == damaged
