"""Case numbers (办件编号) and query passwords (查询密码), made at the counter with no network.

No national format exists; hallapp writes ``{division_code}-{yyyymmdd}-{serial:04d}``, e.g.
``430121104000-20261128-0007``:

- ``division_code``: the hall's 12-digit 统计用区划代码, so two halls never make the same
  number, even offline;
- ``yyyymmdd``: the day the case was received;
- ``serial``: 1 to 9999 per hall per day. It is allocated inside the transaction that saves
  the case (the database's part: the highest serial of the day + 1, see :func:`next_serial`),
  so two windows of one hall never get the same serial.

The dashes are part of the stored and printed form: 24 digits in a row are hard to read
out over the phone or copy from a receipt. :func:`parse_case_number` also takes the number
without dashes, as some upward exchanges carry it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hallapp.core.identity import PROVINCE_CODES, halfwidth

__all__ = [
    "MAX_SERIAL",
    "CaseNumber",
    "InvalidCaseNumber",
    "NumberingError",
    "NumberingExhausted",
    "check_division_code",
    "format_case_number",
    "make_query_password",
    "next_serial",
    "parse_case_number",
]

MAX_SERIAL = 9999
QUERY_PASSWORD_DIGITS = 6
_PASSWORD_SPACE = 10**QUERY_PASSWORD_DIGITS
_CHUNK = 4  # bytes per draw
# The largest multiple of 10**6 that fits in 32 bits: draws at or above it are rejected,
# so every password is exactly equally likely.
_ACCEPT_BELOW = (2 ** (8 * _CHUNK) // _PASSWORD_SPACE) * _PASSWORD_SPACE

_DASHED = re.compile(r"([0-9]{12})-([0-9]{8})-([0-9]{4})")
_PLAIN = re.compile(r"([0-9]{12})([0-9]{8})([0-9]{4})")


class NumberingError(Exception):
    """Base of the numbering errors; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidCaseNumber(NumberingError, ValueError):
    """Text that is not a case number, or parts that cannot make one."""


class NumberingExhausted(NumberingError):
    """The hall has used every serial of the day (more than 9999 cases)."""


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """The parts of a 办件编号; ``str()`` gives the printed form."""

    division_code: str
    day: date
    serial: int

    def __str__(self) -> str:
        return format_case_number(self.division_code, self.day, self.serial)


def check_division_code(code: str) -> str:
    """A 12-digit 区划代码 whose first two digits are a province (省级) code."""
    if not re.fullmatch(r"[0-9]{12}", code):
        raise InvalidCaseNumber(f"区划代码应为12位数字，现为“{code}”")
    if code[:2] not in PROVINCE_CODES:
        raise InvalidCaseNumber(f"区划代码前两位{code[:2]}不是省级行政区划代码")
    return code


def _check_serial(serial: int) -> None:
    if serial > MAX_SERIAL:
        raise NumberingExhausted(f"本中心当日办件编号已用完（每日最多{MAX_SERIAL}件）")
    if serial < 1:
        raise InvalidCaseNumber(f"流水号应从1开始，现为{serial}")


def next_serial(last_serial: int) -> int:
    """The serial after the day's highest one (0 when the day has none yet)."""
    serial = last_serial + 1
    _check_serial(serial)
    return serial


def format_case_number(division_code: str, day: date, serial: int) -> str:
    """``430121104000-20261128-0007``. Raises NumberingExhausted above 9999."""
    check_division_code(division_code)
    _check_serial(serial)
    return f"{division_code}-{day:%Y%m%d}-{serial:04d}"


def parse_case_number(text: str) -> CaseNumber:
    """Read a case number with or without its dashes; spaces around it are ignored."""
    cleaned = halfwidth(text).strip()
    m = _DASHED.fullmatch(cleaned) or _PLAIN.fullmatch(cleaned)
    if m is None:
        raise InvalidCaseNumber(
            f"办件编号格式错误：应为“12位区划代码-8位日期-4位流水号”，现为“{text.strip()}”"
        )
    code, ymd, serial_text = m.groups()
    check_division_code(code)
    y, mo, d = int(ymd[:4]), int(ymd[4:6]), int(ymd[6:])
    try:
        day = date(y, mo, d)
    except ValueError:
        raise InvalidCaseNumber(f"办件编号中的日期不存在：{ymd}") from None
    serial = int(serial_text)
    if serial < 1:
        raise InvalidCaseNumber("办件编号的流水号不能为0000")
    return CaseNumber(code, day, serial)


def make_query_password(random_bytes: bytes) -> str:
    """A 6-digit 查询密码 (000000–999999, leading zeros kept) from random bytes.

    The bytes are read 4 at a time as big-endian numbers; a draw that would make some
    passwords likelier than others (at or above 4,294,000,000) is rejected and the next
    4 bytes are used. Pass ``os.urandom(16)``: all four draws fail with a probability
    below 1e-14, and then ValueError asks for more bytes.
    """
    if len(random_bytes) < _CHUNK:
        raise ValueError(f"need at least {_CHUNK} random bytes, got {len(random_bytes)}")
    for i in range(0, len(random_bytes) - _CHUNK + 1, _CHUNK):
        draw = int.from_bytes(random_bytes[i : i + _CHUNK], "big")
        if draw < _ACCEPT_BELOW:
            return f"{draw % _PASSWORD_SPACE:0{QUERY_PASSWORD_DIGITS}d}"
    raise ValueError("every draw was rejected; pass more random bytes")
