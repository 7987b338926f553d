"""Personal ID numbers never reach a log or a crash report.

Code takes care not to log personal data, but an exception's text (a validator quoting
what was typed, a database error quoting a row, a URL in the hub's access log) can carry
an ID number all the same. So every log record is scrubbed where it is made: anything
that looks like a resident ID number (GB 11643: 17 digits and a digit or X; the old
15-digit form) is masked in the message, its arguments, the traceback and the stack.

Masking happens in the log record factory rather than in a filter on a logger or a
handler: a logger's filter does not see records propagated from its children, and
uvicorn and others add handlers of their own after start-up; the factory sees every
record of every logger before any handler does.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from hallapp.core.identity import mask_id

__all__ = ["IdNumberFilter", "install_id_masking", "mask_ids", "scrub_record"]

# Whole runs of digits only: the tail of a longer number is not an ID. Over-masking a
# 15-digit run of some other number costs nothing; missing an ID would.
ID_LIKE = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")

_formatter = logging.Formatter()


def mask_ids(text: str) -> str:
    """``text`` with every ID-number-like run masked (first 3 and last 4 kept)."""
    return ID_LIKE.sub(lambda m: mask_id(m.group()), text)


def _mask_arg(value: Any) -> Any:
    return mask_ids(value) if isinstance(value, str) else value


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask ID numbers in the record in place; keeps ``args`` where it can, since some
    formatters (uvicorn's access log) read them."""
    if isinstance(record.msg, str):
        record.msg = mask_ids(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_mask_arg(a) for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: _mask_arg(v) for k, v in record.args.items()}
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it later, with the args
        message = f"{record.msg} {record.args!r}"
        record.msg, record.args = mask_ids(message), ()
    else:
        if ID_LIKE.search(message):  # an argument that is not a string (an exception)
            record.msg, record.args = mask_ids(message), ()
    if record.exc_info and not record.exc_text:
        # Formatters print exc_text when it is set instead of formatting exc_info again.
        record.exc_text = _formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_ids(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_ids(record.stack_info)
    return record


class IdNumberFilter(logging.Filter):
    """The same masking as a filter, for a handler made outside this process's logging
    set-up (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True


def install_id_masking() -> None:
    """Scrub every log record of this process from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "masks_ids", False):
        return

    def masking_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(factory(*args, **kwargs))

    masking_factory.masks_ids = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masking_factory)
