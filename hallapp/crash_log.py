"""The desktop app's log file and crash reports, both with ID numbers masked.

``<data dir>/logs/hallapp.log`` (rotated) gets warnings and errors; an exception nobody
caught (in a Qt slot, on the UI thread or a worker thread) is written to the log and to a
crash report of its own, ``<data dir>/logs/crash-<time>.txt``, which the county's
support can ask for. Both go through hallapp.log_privacy first.
"""

from __future__ import annotations

import logging
import sys
import threading
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from hallapp.log_privacy import install_id_masking, scrub_record

__all__ = ["install_app_logging", "write_crash_report"]

LOG_NAME = "hallapp.log"
log = logging.getLogger("hallapp.crash")


def install_app_logging(log_dir: Path) -> Path:
    """Masking, the rotating log file and the crash hooks; returns the log file's path."""
    install_id_masking()
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)

    def on_crash(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        write_crash_report(log_dir, (kind, exc, tb))

    def on_thread_crash(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            write_crash_report(log_dir, (args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = on_crash
    threading.excepthook = on_thread_crash
    return path


def write_crash_report(
    log_dir: Path, exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
) -> Path | None:
    """Log the exception and write it to a crash report of its own; the record is made
    (and masked) before anything is written."""
    record = scrub_record(
        log.makeRecord(log.name, logging.CRITICAL, __file__, 0, "uncaught exception", (), exc_info)
    )
    log.handle(record)
    report = log_dir / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
    try:
        report.write_text(f"{record.getMessage()}\n{record.exc_text or ''}\n", encoding="utf-8")
    except OSError:
        return None  # a full disk: the log line is what there is
    print(f"程序出现未处理的错误，详情已记录在 {report}", file=sys.stderr)
    return report
