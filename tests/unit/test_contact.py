"""Contact phone numbers: mobiles, landlines with area codes, hotlines; masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.core.contact import InvalidPhone, check_phone, mask_phone
from hallapp.core.identity import InvalidDocument


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
        ("0731-86901234", "0731-86901234"),
        ("073186901234", "0731-86901234"),
        ("(0731)86901234", "0731-86901234"),
        ("（0731）8690 1234", "0731-86901234"),
        ("0731－86901234", "0731-86901234"),
        ("0731-8690-1234", "0731-86901234"),
        ("0731-8690123", "0731-8690123"),
        ("07318690123", "0731-8690123"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("020 8765 4321", "020-87654321"),
        ("+86 731 86901234", "0731-86901234"),
        ("+86 (0731) 86901234", "0731-86901234"),
        ("0086 731 86901234", "0731-86901234"),
        ("0086-10-62345678", "010-62345678"),
        ("0731-86901234-123", "0731-86901234转123"),
        ("0731-86901234转123", "0731-86901234转123"),
        ("0731 86901234 转 8", "0731-86901234转8"),
        ("12345", "12345"),
        ("12315", "12315"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("800 123 4567", "800-123-4567"),
    ],
)
def test_accepted_and_normalised(text: str, expected: str) -> None:
    assert check_phone(text) == expected
    assert check_phone(expected) == expected  # the normal form is a fixed point


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "电话号码不能为空"),
        ("   ", "电话号码不能为空"),
        ("1381234567", "手机号码应为11位，现为10位"),
        ("138123456789", "手机号码应为11位，现为12位"),
        ("12812345678", "手机号码应以13至19开头"),
        ("86901234", "固定电话请加区号，如0731-86901234"),
        ("8690123", "固定电话请加区号，如0731-86901234"),
        ("010-12345678", "电话号码（区号后）不能以1开头"),
        ("0731-06901234", "电话号码（区号后）不能以0开头"),
        ("010-6234567", "区号010的电话号码应为8位，现为7位"),
        ("0731-869012", "区号0731的电话号码应为7位或8位，现为6位"),
        ("0731-869012345", "区号0731的电话号码应为7位或8位，现为9位"),
        ("0011-8690123", "区号格式错误：0011"),
        ("0731-86901234转12345678", "分机号应为1至6位数字"),
        ("0731-86901234转", "分机号应为1至6位数字"),
        ("13812345678转1", "手机号码不能带分机号"),
        ("400-123-4567转1", "400电话不能带分机号"),
        ("138abc45678", "电话号码只能包含数字、空格和连字符"),
        ("+1 202 555 0100", "只接受中国大陆的电话号码（+86）"),
        ("5551234567", "无法识别的电话号码：手机号码11位，固定电话须带区号"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidPhone) as e:
        check_phone(text)
    assert e.value.message == message
    assert isinstance(e.value, ValueError)
    assert isinstance(e.value, InvalidDocument)  # one except clause for a whole form


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(mobiles, st.lists(st.sampled_from([" ", "-", ""]), min_size=11, max_size=11))
def test_any_mobile_with_separators(number: str, seps: list[str]) -> None:
    typed = "".join(d + s for d, s in zip(number, seps, strict=True))
    assert check_phone(typed) == number
    assert check_phone("+86 " + typed) == number


@given(
    st.sampled_from(["010", "021", "029", "0731", "0898", "0351"]),
    st.from_regex(r"[2-9][0-9]{6}", fullmatch=True),
    st.booleans(),
)
def test_landlines_round_trip(area: str, local7: str, eight: bool) -> None:
    local = local7 + "5" if eight or len(area) == 3 else local7
    expected = f"{area}-{local}"
    assert check_phone(area + local) == expected
    assert check_phone(f"({area}) {local}") == expected


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0731-86901234", "0731-****1234"),
        ("0731-8690123", "0731-***0123"),
        ("0731-86901234转123", "0731-****1234"),
        ("12345", "12345"),
        ("400-123-4567", "400-123-4567"),
        ("not a number", "not*****mber"),
    ],
)
def test_mask_phone(number: str, masked: str) -> None:
    assert mask_phone(number) == masked


@given(mobiles)
def test_masked_mobile_hides_the_middle_four(number: str) -> None:
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[7:]
