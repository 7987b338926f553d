"""Full ID numbers never reach a log file or a crash report: the app and the hub run as
real processes, things go wrong with ID numbers in the exceptions' texts, and every file
they wrote is searched for the numbers."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from hallapp.hub.store import HubStore
from hallapp.log_privacy import mask_ids
from hallapp.sync.protocol import ENVELOPE_HEADER, Entry, make_batch
from tests.support.hub_process import REPO, hub_env, start_hub

ID18 = "110101199003074513"
ID18X = "11010519491231002X"
ID15 = "110101900307451"
NUMBERS = (ID18, ID18X, ID15)
HALL = "430121100000"

# What the GUI does at start (hallapp.ui.launch.run_gui), then an uncaught exception in a
# Qt slot (a database error quoting the row's parameters), one in a worker thread, a
# careless log line, and one that ends the program.
APP_CHILD = textwrap.dedent(
    """
    import logging, sys, threading
    from sqlalchemy import create_engine, text
    from PySide6.QtCore import QTimer
    from hallapp.config import data_dir
    from hallapp.crash_log import install_app_logging
    from hallapp.ui.launch import make_application

    ID18, ID18X, ID15 = sys.argv[1:4]
    install_app_logging(data_dir() / "logs")
    app = make_application()
    engine = create_engine(f"sqlite:///{data_dir() / 'rows.sqlite3'}")

    def duplicate_row():
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE people (id_number TEXT UNIQUE, name TEXT)"))
            for _ in range(2):
                conn.execute(text("INSERT INTO people VALUES (:n, '张三')"), {"n": ID18})

    QTimer.singleShot(0, duplicate_row)
    QTimer.singleShot(0, app.quit)
    app.exec()

    def worker():
        raise ValueError(f"申请人 {ID18X} 的材料无法读取")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    logging.getLogger("hallapp.ui.intake").warning("旧证号 %s 转换失败", ID15)
    try:
        {}["证件 " + ID18]
    except KeyError:
        logging.getLogger("hallapp.ui.intake").exception("lookup failed")
    raise RuntimeError(f"closing with {ID18} in hand")
    """
)


def every_file(*folders: Path) -> dict[Path, str]:
    return {
        path: path.read_bytes().decode("utf-8", errors="replace")
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix != ".sqlite3"
    }


def assert_no_full_number(texts: dict[Path, str]) -> None:
    for path, content in texts.items():
        for number in NUMBERS:
            assert number not in content, f"{number} in {path}"


def test_mask_ids_masks_id_like_runs_and_nothing_else() -> None:
    text = f"a{ID18}b {ID18X.lower()} ({ID15}) 1234567890123456 {ID18}7 seq 4513"
    assert mask_ids(text) == (
        "a110***********4513b 110***********002x (110********7451) 1234567890123456 "
        f"{ID18}7 seq 4513"
    )


def test_the_app_s_log_and_crash_reports_hold_no_full_id_number(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    env = {
        **hub_env(),
        "HALLAPP_DATA_DIR": str(data),
        "HALLAPP_CONFIG_DIR": str(config),
        "QT_QPA_PLATFORM": "offscreen",
    }
    script = tmp_path / "child.py"
    script.write_text(APP_CHILD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), *NUMBERS],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # the last exception ended it
    files = every_file(data, config)
    reports = sorted(p for p in files if p.name.startswith("crash-"))
    assert len(reports) == 3, (sorted(files), done.stderr)
    report_texts = "\n".join(files[p] for p in reports)
    for expected in ("IntegrityError", "ValueError", "RuntimeError", "110***********4513"):
        assert expected in report_texts
    log = files[data / "logs" / "hallapp.log"]
    assert "110********7451" in log and "KeyError" in log and "110***********002X" in log
    assert_no_full_number(files)
    assert_no_full_number({Path("stdout"): done.stdout, Path("stderr"): done.stderr})
    assert "详情已记录在" in done.stderr


@pytest.fixture
def hub_log(tmp_path: Path) -> Path:
    return tmp_path / "hub-logs"


def test_the_hub_s_log_holds_no_full_id_number(tmp_path: Path, hub_log: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'hub.sqlite3'}"
    store = HubStore(url)
    try:
        credential = store.add_hall(HALL, "城关镇便民服务中心")
    finally:
        store.close()
    hub = start_hub(url, hub_log)
    try:
        payload = {"applicant": "张三", "id_number": ID18, "agent_id": ID18X, "old": ID15}
        gap = Entry(5, "case", f"{HALL}-20261201-0005", "create", payload, "2026-12-01T09:00")
        batch = make_batch(HALL, credential.secret, [gap], now=datetime(2026, 12, 1, 9))
        forged = batch.header() | {"signature": "0" * 64}
        with httpx.Client(base_url=hub.url, timeout=10) as client:
            for header in (batch.header(), forged):
                refused = client.post(
                    "/api/v1/batches",
                    content=batch.body,
                    headers={ENVELOPE_HEADER: json.dumps(header)},
                )
                assert refused.status_code >= 400
            # the access log quotes the URL: a search by ID number typed into the address
            client.get(f"/halls?id_number={ID18}&agent={ID18X}&old={ID15}")
    finally:
        hub.stop()
    files = every_file(hub_log)
    log = "\n".join(files.values())
    assert "batch refused" in log and "110***********4513" in log  # the request was logged
    assert_no_full_number(files)
