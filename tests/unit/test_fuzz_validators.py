"""Fuzzing the applicant checks: whatever is typed or pasted, a check returns a normalised
value or refuses with its own exception and a message in Chinese; never another exception.
Valid numbers are always accepted, and the check characters catch every single typo."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hallapp.core.contact import InvalidPhone, check_phone, mask_phone
from hallapp.core.identity import (
    CREDIT_CODE_CHARSET,
    EARLIEST_BIRTH,
    HMT_REGION_CODES,
    PROVINCE_CODES,
    DocumentType,
    InvalidDocument,
    InvalidName,
    check_credit_code,
    check_document,
    check_org_name,
    check_person_name,
    check_resident_id,
    gb11643_check_char,
    gb32100_check_char,
    mask_id,
)

TODAY = date(2026, 3, 2)
CJK = re.compile(r"[\u4e00-\u9fff]")
EXAMPLES = settings(max_examples=300, deadline=None)

# Text as it arrives from a keyboard, a paste or a scanner: any code point (surrogates and
# control characters included), and text close to the real shapes.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
number_like = st.text(
    alphabet="0123456789Xx xＸ０１２３-+()（）转\t\u3000\u200bIOZSVHMABC",
    max_size=24,
)
texts = st.one_of(any_text, number_like)

province = st.sampled_from(sorted(c for c in PROVINCE_CODES if c[0] in "12345678"))
birth = st.dates(min_value=EARLIEST_BIRTH, max_value=TODAY)


def explained(exc: InvalidDocument) -> None:
    assert exc.message and CJK.search(exc.message), exc.message


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(province) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    if region[:6] in HMT_REGION_CODES:
        region = "110105"
    body = (
        region + draw(birth).strftime("%Y%m%d") + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    )
    return body + gb11643_check_char(body)


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    head = draw(st.text(alphabet=CREDIT_CODE_CHARSET, min_size=2, max_size=2))
    region = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    rest = draw(st.text(alphabet=CREDIT_CODE_CHARSET, min_size=9, max_size=9))
    body = head + region + rest
    return body + gb32100_check_char(body)


@EXAMPLES
@given(texts, st.sampled_from(list(DocumentType)))
def test_a_document_number_is_normalised_or_refused_in_chinese(
    text: str, doc_type: DocumentType
) -> None:
    try:
        number = check_document(doc_type, text, TODAY)
    except InvalidDocument as exc:
        explained(exc)
        return
    assert number and number == number.strip() and number.isascii()
    assert check_document(doc_type, number, TODAY) == number
    assert len(mask_id(number)) == len(number)


@EXAMPLES
@given(texts)
def test_a_resident_id_that_passes_has_the_right_check_character(text: str) -> None:
    try:
        rid = check_resident_id(text, TODAY)
    except InvalidDocument as exc:
        explained(exc)
        return
    assert re.fullmatch(r"[0-9]{17}[0-9X]", rid.number)
    assert gb11643_check_char(rid.number[:17]) == rid.number[17]
    assert EARLIEST_BIRTH <= rid.birth_date <= TODAY
    assert rid.number[6:14] == rid.birth_date.strftime("%Y%m%d")


@EXAMPLES
@given(resident_ids(), st.data())
def test_every_valid_resident_id_is_accepted_and_every_single_typo_refused(
    number: str, data: st.DataObject
) -> None:
    assert check_resident_id(number, TODAY).number == number
    assert check_resident_id(" ".join([number[:6], number[6:14], number[14:].lower()]), TODAY)
    i = data.draw(st.integers(0, 17), "position")
    typo = data.draw(st.sampled_from([c for c in "0123456789X" if c != number[i]]), "typo")
    changed = number[:i] + typo + number[i + 1 :]
    try:
        check_resident_id(changed, TODAY)
    except InvalidDocument as exc:
        explained(exc)
    else:
        raise AssertionError(f"{changed} accepted")


@EXAMPLES
@given(resident_ids(), st.integers(0, 16))
def test_swapped_neighbouring_digits_are_refused(number: str, i: int) -> None:
    if number[i] == number[i + 1]:
        return
    swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    try:
        check_resident_id(swapped, TODAY)
    except InvalidDocument as exc:
        explained(exc)
    else:
        raise AssertionError(f"{swapped} accepted")


def test_a_birth_date_after_today_is_refused() -> None:
    body = "110105" + (TODAY + timedelta(days=1)).strftime("%Y%m%d") + "002"
    try:
        check_resident_id(body + gb11643_check_char(body), TODAY)
    except InvalidDocument as exc:
        assert exc.message == "出生日期晚于今天：2026-03-03"
    else:
        raise AssertionError("a birth date in the future was accepted")


@EXAMPLES
@given(texts)
def test_a_credit_code_is_normalised_or_refused_in_chinese(text: str) -> None:
    try:
        code = check_credit_code(text)
    except InvalidDocument as exc:
        explained(exc)
        return
    assert len(code) == 18 and set(code) <= set(CREDIT_CODE_CHARSET)
    assert gb32100_check_char(code[:17]) == code[17]


@EXAMPLES
@given(credit_codes(), st.data())
def test_every_valid_credit_code_is_accepted_and_every_single_typo_refused(
    code: str, data: st.DataObject
) -> None:
    assert check_credit_code(code.lower()) == code
    i = data.draw(st.integers(0, 17), "position")
    typo = data.draw(st.sampled_from([c for c in CREDIT_CODE_CHARSET if c != code[i]]), "typo")
    changed = code[:i] + typo + code[i + 1 :]
    try:
        check_credit_code(changed)
    except InvalidDocument as exc:
        explained(exc)
    else:
        raise AssertionError(f"{changed} accepted")


def no_hidden_characters(text: str) -> None:
    for c in text:
        assert unicodedata.category(c) not in ("Cc", "Cf", "Co"), f"U+{ord(c):04X}"


@EXAMPLES
@given(st.one_of(any_text, st.text(alphabet="张三·•・ -'．.0<>&\t\x1b\u202e\u200d𠮷", max_size=12)))
def test_a_person_name_is_cleaned_or_refused_in_chinese(text: str) -> None:
    try:
        name = check_person_name(text)
    except InvalidName as exc:
        explained(exc)
        return
    assert 1 <= len(name) <= 50 and name == name.strip()
    no_hidden_characters(name)
    assert check_person_name(name) == name


@EXAMPLES
@given(any_text)
def test_an_organisation_name_is_cleaned_or_refused_in_chinese(text: str) -> None:
    try:
        name = check_org_name(text)
    except InvalidName as exc:
        explained(exc)
        return
    assert 1 <= len(name) <= 100 and name == name.strip()
    no_hidden_characters(name)
    assert check_org_name(name) == name


phone_like = st.text(alphabet="0123456789 -+()（）转８６１\u2013\u3000x#", max_size=24)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, phone_like))
@example("0")  # once an IndexError: a landline with nothing after its 0
def test_a_phone_number_is_normalised_or_refused_in_chinese(text: str) -> None:
    try:
        phone = check_phone(text)
    except InvalidPhone as exc:
        explained(exc)
        return
    assert re.fullmatch(r"[0-9][0-9\-]*(转[0-9]{1,6})?", phone), phone
    assert check_phone(phone) == phone
    assert len(mask_phone(phone)) == len(phone)


@EXAMPLES
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "+86 ", "0086"]))
def test_every_mobile_number_is_accepted_with_or_without_the_country_code(
    mobile: str, prefix: str
) -> None:
    assert check_phone(prefix + mobile) == mobile
    assert mask_phone(mobile) == mobile[:3] + "****" + mobile[7:]
