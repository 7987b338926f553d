"""Applicants' documents and names: GB 11643, GB 32100, the other documents, masking."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallapp.core.identity import (
    PROVINCE_CODES,
    DocumentType,
    InvalidDocument,
    InvalidName,
    ResidentId,
    Sex,
    check_credit_code,
    check_document,
    check_org_name,
    check_person_name,
    check_resident_id,
    mask_id,
)

TODAY = date(2026, 11, 28)
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


# Independent reference implementations, written from the standards' definitions rather than
# from the module's weight tables.
def iso7064_check(body17: str) -> str:
    """ISO 7064 MOD 11-2: weight of position i (from the left) is 2**(17 - i) mod 11."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def gb32100_check(body17: str) -> str:
    """GB 32100: weight of position i is 3**i mod 31; check = 31 - sum mod 31, 31 → 0."""
    total = sum(CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return CHARSET[(31 - total % 31) % 31]


def make_id(region: str = "430121", born: str = "19900101", seq: str = "123") -> str:
    body = region + born + seq
    return body + iso7064_check(body)


def message_of(excinfo: pytest.ExceptionInfo[InvalidDocument]) -> str:
    return excinfo.value.message


# --- 居民身份证 -----------------------------------------------------------------------------


def test_standard_example_is_valid() -> None:
    rid = check_resident_id("11010519491231002X", TODAY)
    assert rid == ResidentId("11010519491231002X", date(1949, 12, 31), Sex.FEMALE, "110105")
    assert not rid.converted_from_15


def test_1880_example_is_refused_for_its_date_only() -> None:
    number = "440524188001010014"
    assert iso7064_check(number[:17]) == number[17]  # a correct number by the standard
    with pytest.raises(InvalidDocument) as e:
        check_resident_id(number, TODAY)
    assert message_of(e) == "出生日期早于1900年1月1日：1880-01-01"


def test_lowercase_x_is_accepted_and_upper_cased() -> None:
    assert check_resident_id("11010519491231002x", TODAY).number == "11010519491231002X"


def test_spaces_and_fullwidth_characters_are_tolerated() -> None:
    rid = check_resident_id(" １１０１０５ １９４９１２３１ ００２ｘ ", TODAY)
    assert rid.number == "11010519491231002X"


def test_sex_from_the_17th_digit() -> None:
    assert check_resident_id(make_id(seq="123"), TODAY).sex is Sex.MALE
    assert check_resident_id(make_id(seq="124"), TODAY).sex is Sex.FEMALE
    assert Sex.MALE.label == "男" and Sex.FEMALE.label == "女"


@pytest.mark.parametrize("last", [c for c in "0123456789X" if c != "X"])
def test_wrong_check_digit_names_the_right_one(last: str) -> None:
    with pytest.raises(InvalidDocument) as e:
        check_resident_id("11010519491231002" + last, TODAY)
    assert message_of(e) == "校验位错误：应为X"


def test_impossible_and_future_dates() -> None:
    with pytest.raises(InvalidDocument) as e:
        check_resident_id(make_id(born="19900230"), TODAY)
    assert message_of(e) == "出生日期不存在：1990-02-30"
    with pytest.raises(InvalidDocument) as e:
        check_resident_id(make_id(born="19901301"), TODAY)
    assert message_of(e) == "出生日期不存在：1990-13-01"
    with pytest.raises(InvalidDocument) as e:
        check_resident_id(make_id(born="21000101"), TODAY)
    assert message_of(e).startswith("出生日期晚于今天")


def test_born_today_is_accepted_born_tomorrow_is_not() -> None:
    assert check_resident_id(make_id(born="20261128"), TODAY).birth_date == TODAY
    with pytest.raises(InvalidDocument, match="出生日期晚于今天"):
        check_resident_id(make_id(born="20261129"), TODAY)
    assert check_resident_id(make_id(born="19000101"), TODAY).birth_date == date(1900, 1, 1)


def test_leap_day() -> None:
    assert check_resident_id(make_id(born="20000229"), TODAY).birth_date == date(2000, 2, 29)
    with pytest.raises(InvalidDocument, match="出生日期不存在：1900-02-29"):
        check_resident_id(make_id(born="19000229"), TODAY)


@pytest.mark.parametrize("region", ["000000", "001234", "160101", "910101", "720000", "840000"])
def test_bad_region_codes(region: str) -> None:
    with pytest.raises(InvalidDocument) as e:
        check_resident_id(make_id(region=region), TODAY)
    assert message_of(e).startswith("地区码格式错误")


@pytest.mark.parametrize("region", ["110000", "150000", "650000", "710000", "810000", "830000"])
def test_edge_region_codes_are_accepted(region: str) -> None:
    assert check_resident_id(make_id(region=region), TODAY).region_code == region


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "证件号码不能为空"),
        ("1101051949123100", "位数不对：应为18位（旧证为15位），现为16位"),
        ("1101051949123100211", "位数不对：应为18位（旧证为15位），现为19位"),
        ("1101051949123100A2", "前17位只能是数字"),
        ("11010519491231002Y", "第18位只能是数字或X，现为“Y”"),
        ("11010519491231002²", "第18位只能是数字或X，现为“²”"),
        ("1301036704010A1", "15位旧号码只能是数字"),
    ],
)
def test_shape_errors(text: str, message: str) -> None:
    with pytest.raises(InvalidDocument) as e:
        check_resident_id(text, TODAY)
    assert message_of(e) == message


def test_fifteen_digits_are_converted() -> None:
    rid = check_resident_id("130503670401001", TODAY)
    # 13050319670401001: weighted sum 182, 182 mod 11 = 6 → check "6".
    assert rid.number == "130503196704010016"
    assert rid.converted_from_15
    assert rid.birth_date == date(1967, 4, 1)
    assert rid.sex is Sex.MALE
    assert rid.region_code == "130503"


def test_fifteen_digits_with_an_impossible_date() -> None:
    with pytest.raises(InvalidDocument, match="出生日期不存在：1967-02-30"):
        check_resident_id("130503670230001", TODAY)


valid_bodies = st.builds(
    lambda prov, rest, born, seq: prov + rest + born.strftime("%Y%m%d") + seq,
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.dates(date(1900, 1, 1), TODAY),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)


@given(valid_bodies)
def test_computed_check_digit_validates_and_every_other_fails(body: str) -> None:
    right = iso7064_check(body)
    rid = check_resident_id(body + right, TODAY)
    assert rid.number == body + right
    assert rid.sex is (Sex.MALE if int(body[16]) % 2 else Sex.FEMALE)
    for wrong in "0123456789X":
        if wrong != right:
            with pytest.raises(InvalidDocument) as e:
                check_resident_id(body + wrong, TODAY)
            assert message_of(e) == f"校验位错误：应为{right}"


# --- 统一社会信用代码 -----------------------------------------------------------------------


def test_cited_credit_code_is_valid() -> None:
    assert gb32100_check("91350100M000100Y4") == "3"
    assert check_credit_code("91350100M000100Y43") == "91350100M000100Y43"


def test_credit_code_lower_case_and_spaces() -> None:
    assert check_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_credit_code_wrong_check_character() -> None:
    with pytest.raises(InvalidDocument) as e:
        check_credit_code("91350100M000100Y44")
    assert message_of(e) == "校验位错误：应为3"


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_credit_code_forbidden_letters(letter: str) -> None:
    body = "91350100" + letter + "00010Y4"
    body = body[:17].ljust(17, "0")
    with pytest.raises(InvalidDocument) as e:
        check_credit_code(body + "0")
    assert message_of(e) == f"第9位“{letter}”不允许：统一社会信用代码不使用字母I、O、Z、S、V"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "统一社会信用代码不能为空"),
        ("91350100M000100Y4", "位数不对：应为18位，现为17位"),
        ("91350100M00-100Y43", "第12位“-”不允许：只能是数字或大写字母"),
    ],
)
def test_credit_code_shape(text: str, message: str) -> None:
    with pytest.raises(InvalidDocument) as e:
        check_credit_code(text)
    assert message_of(e) == message


def test_credit_code_region_must_be_digits() -> None:
    body = "913A0100M000100Y4"
    with pytest.raises(InvalidDocument) as e:
        check_credit_code(body + gb32100_check(body))
    assert message_of(e).startswith("地区码格式错误")


credit_bodies = st.builds(
    lambda head, region, org: head + region + org,
    st.text(CHARSET, min_size=2, max_size=2),
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.text(CHARSET, min_size=9, max_size=9),
)


@given(credit_bodies)
def test_computed_credit_check_validates_and_every_other_fails(body: str) -> None:
    right = gb32100_check(body)
    assert check_credit_code(body + right) == body + right
    assert check_credit_code((body + right).lower()) == body + right
    for wrong in CHARSET:
        if wrong != right:
            with pytest.raises(InvalidDocument, match=f"^校验位错误：应为{right}$"):
                check_credit_code(body + wrong)


# --- other documents ----------------------------------------------------------------------


def test_every_document_type_has_a_chinese_label() -> None:
    labels = [t.label for t in DocumentType]
    assert len(set(labels)) == len(labels)
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels)
    assert DocumentType.HMT_RESIDENCE.label == "港澳台居民居住证"
    assert [t for t in DocumentType if t.for_organisation] == [DocumentType.CREDIT_CODE]


@pytest.mark.parametrize(
    ("doc_type", "text", "expected"),
    [
        (DocumentType.RESIDENT_ID, "130503670401001", "130503196704010016"),
        (DocumentType.HMT_RESIDENCE, make_id(region="810000"), make_id(region="810000")),
        (DocumentType.HMT_RESIDENCE, make_id(region="830000"), make_id(region="830000")),
        (DocumentType.CREDIT_CODE, "91350100m000100y43", "91350100M000100Y43"),
        (DocumentType.PASSPORT, "e1234 5678", "E12345678"),
        (DocumentType.PASSPORT, "EA1234567", "EA1234567"),
        (DocumentType.PASSPORT, "X1234", "X1234"),
        (DocumentType.HK_MACAO_PERMIT, "h12345678", "H12345678"),
        (DocumentType.HK_MACAO_PERMIT, "M1234567890", "M1234567890"),
        (DocumentType.TAIWAN_PERMIT, "1234 5678", "12345678"),
        (DocumentType.FOREIGN_PERMANENT, "usa110001010011", "USA110001010011"),
    ],
)
def test_check_document_normalises(doc_type: DocumentType, text: str, expected: str) -> None:
    assert check_document(doc_type, text, TODAY) == expected


def foreign_2023(born: str = "19800101") -> str:
    body = "911840" + born + "001"
    return body + iso7064_check(body)


def test_foreign_permanent_2023_format() -> None:
    number = foreign_2023()
    assert check_document(DocumentType.FOREIGN_PERMANENT, number, TODAY) == number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(InvalidDocument, match=f"校验位错误：应为{number[17]}"):
        check_document(DocumentType.FOREIGN_PERMANENT, wrong, TODAY)
    with pytest.raises(InvalidDocument, match="应以9开头"):
        check_document(DocumentType.FOREIGN_PERMANENT, make_id(), TODAY)
    with pytest.raises(InvalidDocument, match="出生日期不存在：1980-02-30"):
        check_document(DocumentType.FOREIGN_PERMANENT, foreign_2023("19800230"), TODAY)


@pytest.mark.parametrize(
    ("doc_type", "text", "message"),
    [
        (DocumentType.PASSPORT, " ", "护照号码不能为空"),
        (DocumentType.PASSPORT, "E1234-5678", "护照号码只能包含字母和数字"),
        (DocumentType.PASSPORT, "E123", "位数不对：护照号码应为5至17位，现为4位"),
        (DocumentType.PASSPORT, "E" * 18, "位数不对：护照号码应为5至17位，现为18位"),
        (
            DocumentType.HK_MACAO_PERMIT,
            "H1234567",
            "港澳居民来往内地通行证号码应为H（香港）或M（澳门）加8位或10位数字",
        ),
        (
            DocumentType.HK_MACAO_PERMIT,
            "C12345678",
            "港澳居民来往内地通行证号码应为H（香港）或M（澳门）加8位或10位数字",
        ),
        (DocumentType.TAIWAN_PERMIT, "1234567", "台湾居民来往大陆通行证号码应为8位数字"),
        (DocumentType.TAIWAN_PERMIT, "T1234567", "台湾居民来往大陆通行证号码应为8位数字"),
        (
            DocumentType.FOREIGN_PERMANENT,
            "US1110001010011",
            "15位旧证号码应为3个字母（国籍代码）加12位数字",
        ),
        (
            DocumentType.FOREIGN_PERMANENT,
            "USA1100010100",
            "位数不对：应为18位（旧证为15位），现为13位",
        ),
        (
            DocumentType.RESIDENT_ID,
            make_id(region="820000"),
            "这是港澳台居民居住证号码，请将证件类型选为“港澳台居民居住证”",
        ),
        (DocumentType.CREDIT_CODE, "91350100M000100Y44", "校验位错误：应为3"),
    ],
)
def test_check_document_refuses(doc_type: DocumentType, text: str, message: str) -> None:
    with pytest.raises(InvalidDocument) as e:
        check_document(doc_type, text, TODAY)
    assert message_of(e) == message


def test_residence_permit_needs_an_hmt_region() -> None:
    with pytest.raises(InvalidDocument) as e:
        check_document(DocumentType.HMT_RESIDENCE, make_id(region="430121"), TODAY)
    assert message_of(e).startswith("地区码格式错误：港澳台居民居住证号码应以810000")


def test_document_types_all_dispatch() -> None:
    for doc_type in DocumentType:
        with pytest.raises(InvalidDocument, match="号码不能为空"):
            check_document(doc_type, "", TODAY)


# --- masking ------------------------------------------------------------------------------


def test_mask_examples() -> None:
    assert mask_id("43012119900101123X") == "430***********123X"
    assert check_resident_id("11010519491231002X", TODAY).masked == "110***********002X"
    assert mask_id("E12345678") == "E12**5678"
    assert mask_id("12345678") == "123*5678"
    assert mask_id("1234567") == "1****67"
    assert mask_id("X1234") == "X**34"
    assert mask_id("ABCD") == "A*CD"
    assert mask_id("ABC") == "***"
    assert mask_id("") == ""


@given(st.text("0123456789X", min_size=18, max_size=18))
def test_mask_never_reveals_more_than_seven_of_eighteen(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == 18
    assert masked[3:14] == "*" * 11
    assert sum(c != "*" for c in masked) == 7


@given(st.text("0123456789ABCDEFGH", min_size=0, max_size=40))
def test_mask_always_hides_something(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == len(number)
    shown = sum(c != "*" for c in masked)
    assert shown <= 7
    assert shown < len(number) or not number
    assert all(m in ("*", c) for m, c in zip(masked, number, strict=True))


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["𠮷", "吉𠮷", "𬌗", "刘䶮", "李〇", "王\U00031350"])
def test_rare_characters_are_accepted(name: str) -> None:
    assert check_person_name(name) == name


def test_length_counts_code_points() -> None:
    assert len("𠮷".encode("utf-16-le")) // 2 == 2  # two UTF-16 units, one character
    assert check_person_name("𠮷" * 50) == "𠮷" * 50
    with pytest.raises(InvalidName) as e:
        check_person_name("𠮷" * 51)
    assert e.value.message == "姓名不能超过50个字，现为51个"


@pytest.mark.parametrize("dot", ["\u00b7", "\u2022", "\u2027", "\u30fb"])
def test_middle_dot_forms_are_normalised(dot: str) -> None:
    assert check_person_name(f"阿卜杜{dot}热合曼") == "阿卜杜·热合曼"
    assert check_person_name(f"阿卜杜 {dot} 热合曼") == "阿卜杜·热合曼"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  张三  ", "张三"),
        ("John   Smith", "John Smith"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("José García", "José García"),
        ("Jose\u0301", "Jose\u0301"),
        ("张\u200b三", "张三"),
        ("\ufeff买买提·艾力", "买买提·艾力"),
        ("约翰·克里斯托弗·史密斯", "约翰·克里斯托弗·史密斯"),
    ],
)
def test_names_are_normalised(text: str, expected: str) -> None:
    assert check_person_name(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "姓名不能为空"),
        ("  \u3000 ", "姓名不能为空"),
        ("张3", "姓名不能含有数字（“3”）"),
        ("张３", "姓名不能含有数字（“3”）"),
        ("王①", "姓名不能含有数字（“①”）"),
        ("张\x00三", "姓名含有控制字符（U+0000）"),
        ("张\u202e三", "姓名含有不可见的格式字符（U+202E）"),
        ("张\ue000", "姓名含有私用区造字（U+E000），请改用标准编码的汉字"),
        ("·阿卜杜", "姓名不能以间隔号“·”开头或结尾"),
        ("阿卜杜•", "姓名不能以间隔号“·”开头或结尾"),
        ("阿卜杜··热合曼", "姓名中的间隔号“·”不能连续"),
        ("阿卜杜.热合曼", "姓名中的间隔号请用“·”，不能用句点"),
        ("-Smith", "姓名不能以“-”开头或结尾"),
        ("张三😀", "姓名含有不允许的字符“😀”"),
        ("张_三", "姓名含有不允许的字符“_”"),
        ("\u0301a", "姓名不能以附加符号开头"),
    ],
)
def test_bad_names(text: str, message: str) -> None:
    with pytest.raises(InvalidName) as e:
        check_person_name(text)
    assert e.value.message == message
    assert isinstance(e.value, InvalidDocument)


@given(st.text(st.characters(categories=["Lo"]), min_size=1, max_size=50))
def test_any_letters_up_to_fifty_are_a_name(name: str) -> None:
    assert check_person_name(name) == name


def test_org_names() -> None:
    assert check_org_name(" 长沙县星沙街道  便民服务中心（一站式） ") == (
        "长沙县星沙街道 便民服务中心（一站式）"
    )
    assert check_org_name("第3村民小组") == "第3村民小组"
    assert check_org_name("𠮷" * 100) == "𠮷" * 100
    with pytest.raises(InvalidName, match="单位名称不能超过100个字，现为101个"):
        check_org_name("𠮷" * 101)
    with pytest.raises(InvalidName, match="单位名称不能为空"):
        check_org_name("   ")
    with pytest.raises(InvalidName, match="单位名称含有控制字符"):
        check_org_name("某公司\x07")


def test_today_is_a_parameter() -> None:
    number = make_id(born="20261201")
    with pytest.raises(InvalidDocument):
        check_resident_id(number, TODAY)
    assert check_resident_id(number, TODAY + timedelta(days=3)).birth_date == date(2026, 12, 1)
