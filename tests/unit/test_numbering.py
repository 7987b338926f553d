"""Case numbers made offline and query passwords."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.core.identity import PROVINCE_CODES
from hallapp.core.numbering import (
    MAX_SERIAL,
    CaseNumber,
    InvalidCaseNumber,
    NumberingError,
    NumberingExhausted,
    format_case_number,
    make_query_password,
    next_serial,
    parse_case_number,
)

HALL = "430121104000"
DAY = date(2026, 11, 28)


def test_example() -> None:
    assert format_case_number(HALL, DAY, 7) == "430121104000-20261128-0007"
    assert str(CaseNumber(HALL, DAY, 7)) == "430121104000-20261128-0007"
    assert format_case_number(HALL, DAY, 9999) == "430121104000-20261128-9999"


division_codes = st.builds(
    lambda prov, rest: prov + rest,
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.from_regex(r"[0-9]{10}", fullmatch=True),
)


@given(division_codes, st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(1, 9999))
def test_round_trip(code: str, day: date, serial: int) -> None:
    text = format_case_number(code, day, serial)
    assert re.fullmatch(r"[0-9]{12}-[0-9]{8}-[0-9]{4}", text)
    expected = CaseNumber(code, day, serial)
    assert parse_case_number(text) == expected
    assert parse_case_number(text.replace("-", "")) == expected
    assert parse_case_number(f"  {text} ") == expected


@given(division_codes, st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(1, 9998))
def test_numbers_of_a_day_sort_by_serial(code: str, day: date, serial: int) -> None:
    assert format_case_number(code, day, serial) < format_case_number(code, day, serial + 1)


def test_parse_fullwidth() -> None:
    assert parse_case_number("４３０１２１１０４０００－２０２６１１２８－０００７") == CaseNumber(
        HALL, DAY, 7
    )


def test_serial_bounds() -> None:
    with pytest.raises(NumberingExhausted) as e:
        format_case_number(HALL, DAY, MAX_SERIAL + 1)
    assert e.value.message == "本中心当日办件编号已用完（每日最多9999件）"
    assert not isinstance(e.value, ValueError)
    assert isinstance(e.value, NumberingError)
    with pytest.raises(InvalidCaseNumber, match="流水号应从1开始，现为0"):
        format_case_number(HALL, DAY, 0)
    with pytest.raises(InvalidCaseNumber):
        format_case_number(HALL, DAY, -1)


def test_next_serial() -> None:
    assert next_serial(0) == 1
    assert next_serial(41) == 42
    assert next_serial(9998) == 9999
    with pytest.raises(NumberingExhausted):
        next_serial(9999)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("43012110400", "区划代码应为12位数字，现为“43012110400”"),
        ("4301211040001", "区划代码应为12位数字，现为“4301211040001”"),
        ("43012110400A", "区划代码应为12位数字，现为“43012110400A”"),
        ("000000000000", "区划代码前两位00不是省级行政区划代码"),
        ("990121104000", "区划代码前两位99不是省级行政区划代码"),
    ],
)
def test_bad_division_codes(code: str, message: str) -> None:
    with pytest.raises(InvalidCaseNumber) as e:
        format_case_number(code, DAY, 1)
    assert e.value.message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("430121104000-20260230-0001", "办件编号中的日期不存在：20260230"),
        ("430121104000-20261328-0001", "办件编号中的日期不存在：20261328"),
        ("430121104000-20261128-0000", "办件编号的流水号不能为0000"),
        ("000000000000-20261128-0001", "区划代码前两位00不是省级行政区划代码"),
    ],
)
def test_parse_refuses_bad_parts(text: str, message: str) -> None:
    with pytest.raises(InvalidCaseNumber) as e:
        parse_case_number(text)
    assert e.value.message == message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "430121104000-20261128-007",
        "430121104000-20261128-00007",
        "430121104000-202611280007",
        "4301211040-0020261128-0007",
        "430121104000_20261128_0007",
        "43012110400020261128000",
        "430121104000-20261128-0007x",
    ],
)
def test_parse_refuses_bad_shapes(text: str) -> None:
    with pytest.raises(InvalidCaseNumber) as e:
        parse_case_number(text)
    assert e.value.message.startswith("办件编号格式错误")


# --- 查询密码 -----------------------------------------------------------------------------


@given(st.binary(min_size=4, max_size=64))
def test_query_password_is_six_digits(data: bytes) -> None:
    try:
        password = make_query_password(data)
    except ValueError:
        # Only when every whole 4-byte draw is in the rejected tail.
        draws = [int.from_bytes(data[i : i + 4], "big") for i in range(0, len(data) - 3, 4)]
        assert all(d >= 4_294_000_000 for d in draws)
        return
    assert re.fullmatch(r"[0-9]{6}", password)


@given(st.integers(0, 999_999), st.integers(0, 4293))
def test_every_password_is_reachable_equally(n: int, k: int) -> None:
    # Each of the 10**6 passwords has exactly 4294 accepted draws: n, n + 10**6, ...
    draw = n + k * 1_000_000
    assert make_query_password(draw.to_bytes(4, "big")) == f"{n:06d}"


@given(st.integers(4_294_000_000, 2**32 - 1), st.integers(0, 999_999))
def test_biased_tail_is_rejected_and_next_draw_used(tail: int, n: int) -> None:
    data = tail.to_bytes(4, "big") + n.to_bytes(4, "big")
    assert make_query_password(data) == f"{n:06d}"


def test_query_password_edges() -> None:
    assert make_query_password((0).to_bytes(4, "big")) == "000000"
    assert make_query_password((4_293_999_999).to_bytes(4, "big")) == "999999"
    with pytest.raises(ValueError):
        make_query_password((4_294_000_000).to_bytes(4, "big"))
    with pytest.raises(ValueError):
        make_query_password(b"\x00\x01\x02")
    # A trailing partial draw is never used.
    with pytest.raises(ValueError):
        make_query_password(b"\xff\xff\xff\xff\x00\x00")
    assert make_query_password(bytes(16)) == "000000"


def test_query_password_from_os_urandom_sized_input() -> None:
    import os

    seen = {make_query_password(os.urandom(16)) for _ in range(200)}
    assert all(re.fullmatch(r"[0-9]{6}", p) for p in seen)
    assert len(seen) > 150  # 200 draws from 10**6 values almost never collide much
