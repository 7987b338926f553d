"""Applicants' documents (证件) and names: checked and normalised before anything is stored.

- 居民身份证 numbers follow GB 11643 (公民身份号码): 6-digit region code, 8-digit birth
  date, 3-digit sequence (odd 17th digit = male), ISO 7064 MOD 11-2 check character.
  15-digit numbers of the first-generation cards are converted to 18 digits.
- 港澳台居民居住证 numbers follow the same rule with region 810000 / 820000 / 830000.
- 外国人永久居留身份证: the 2023 card has 18 characters, ``9`` + 2-digit place of issue +
  3-digit nationality + birth date + 3-digit sequence + the GB 11643 check character; the
  older card has 3 letters (nationality) + 12 digits.
- 统一社会信用代码 (organisations) follow GB 32100, with a MOD 31 check character.

Every refusal is an :class:`InvalidDocument` whose ``message`` tells the clerk, in Chinese,
exactly what is wrong. Full numbers are shown only where needed: :func:`mask_id` elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "CREDIT_CODE_CHARSET",
    "HMT_REGION_CODES",
    "PROVINCE_CODES",
    "DocumentType",
    "InvalidDocument",
    "InvalidName",
    "ResidentId",
    "Sex",
    "check_credit_code",
    "check_document",
    "check_org_name",
    "check_person_name",
    "check_resident_id",
    "gb11643_check_char",
    "gb32100_check_char",
    "halfwidth",
    "mask_id",
]

# 省级行政区划代码 (GB/T 2260): 71 台湾; 81 香港, 82 澳门, 83 台湾 in residence permits.
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47))]
    + [str(n) for n in (*range(50, 55), *range(61, 66), 71, 81, 82, 83)]
)
HMT_REGION_CODES: dict[str, str] = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
EARLIEST_BIRTH = date(1900, 1, 1)

_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_GB32100_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidDocument(ValueError):
    """An applicant detail that breaks its rule: a document number here, and the base of
    InvalidName and contact.InvalidPhone, so a form can catch them all. ``message`` is
    shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidName(InvalidDocument):
    """A person's or an organisation's name (姓名 / 单位名称) that cannot be stored."""


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"
    PASSPORT = "passport"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    HMT_RESIDENCE = "hmt_residence"
    FOREIGN_PERMANENT = "foreign_permanent"
    CREDIT_CODE = "credit_code"

    @property
    def label(self) -> str:
        return _DOC_LABELS[self]

    @property
    def for_organisation(self) -> bool:
        """统一社会信用代码 identifies an organisation; every other type a person."""
        return self is DocumentType.CREDIT_CODE


_DOC_LABELS = {
    DocumentType.RESIDENT_ID: "居民身份证",
    DocumentType.PASSPORT: "护照",
    DocumentType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    DocumentType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    DocumentType.HMT_RESIDENCE: "港澳台居民居住证",
    DocumentType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    DocumentType.CREDIT_CODE: "统一社会信用代码",
}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return "男" if self is Sex.MALE else "女"


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A valid 公民身份号码; ``converted_from_15`` when typed as a first-generation number."""

    number: str
    birth_date: date
    sex: Sex
    region_code: str
    converted_from_15: bool = False

    @property
    def masked(self) -> str:
        return mask_id(self.number)


def halfwidth(text: str) -> str:
    """Full-width ASCII (Ｘ, ０-９, typed with a Chinese IME) and U+3000 to plain ASCII."""
    return "".join(
        chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else (" " if c == "\u3000" else c)
        for c in text
    )


def _compact(text: str) -> str:
    """Half-width, with every space removed: numbers are often typed in groups."""
    return "".join(halfwidth(text).split())


def gb11643_check_char(body17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of 17 ASCII digits."""
    total = sum(int(c) * w for c, w in zip(body17, _GB11643_WEIGHTS, strict=True))
    return _GB11643_CHECK[total % 11]


def gb32100_check_char(body17: str) -> str:
    """The GB 32100 check character (MOD 31) of the first 17 characters of a credit code."""
    total = sum(
        CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(body17, _GB32100_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


_DIGITS17_X = re.compile(r"[0-9]{17}[0-9X]")


def _birth_date(digits8: str, today: date) -> date:
    y, m, d = int(digits8[:4]), int(digits8[4:6]), int(digits8[6:])
    try:
        born = date(y, m, d)
    except ValueError:
        raise InvalidDocument(f"出生日期不存在：{y:04d}-{m:02d}-{d:02d}") from None
    if born > today:
        raise InvalidDocument(f"出生日期晚于今天：{born.isoformat()}")
    if born < EARLIEST_BIRTH:
        raise InvalidDocument(f"出生日期早于1900年1月1日：{born.isoformat()}")
    return born


def _check_18(number: str, today: date) -> ResidentId:
    """The GB 11643 rules on an 18-character, upper-case number: shape, region, date, check."""
    if len(number) != 18:
        raise InvalidDocument(f"位数不对：应为18位，现为{len(number)}位")
    if not _DIGITS17_X.fullmatch(number):
        if not re.fullmatch(r"[0-9]{17}", number[:17]):
            raise InvalidDocument("前17位只能是数字")
        raise InvalidDocument(f"第18位只能是数字或X，现为“{number[17]}”")
    region = number[:6]
    if region[0] not in "12345678" or region[:2] not in PROVINCE_CODES:
        raise InvalidDocument(f"地区码格式错误：{region}（前两位{region[:2]}不是省级行政区划代码）")
    born = _birth_date(number[6:14], today)
    expected = gb11643_check_char(number[:17])
    if number[17] != expected:
        raise InvalidDocument(f"校验位错误：应为{expected}")
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return ResidentId(number, born, sex, region)


def check_resident_id(text: str, today: date) -> ResidentId:
    """Check a 居民身份证 number (GB 11643) as of ``today``; 15 digits are converted to 18.

    Spaces and full-width characters are tolerated, a lower-case ``x`` becomes ``X``.
    """
    number = _compact(text).upper()
    if not number:
        raise InvalidDocument("证件号码不能为空")
    if len(number) == 15:
        if not re.fullmatch(r"[0-9]{15}", number):
            raise InvalidDocument("15位旧号码只能是数字")
        body = number[:6] + "19" + number[6:]
        rid = _check_18(body + gb11643_check_char(body), today)
        return ResidentId(rid.number, rid.birth_date, rid.sex, rid.region_code, True)
    if len(number) != 18:
        raise InvalidDocument(f"位数不对：应为18位（旧证为15位），现为{len(number)}位")
    return _check_18(number, today)


def check_credit_code(text: str) -> str:
    """Check a 统一社会信用代码 (GB 32100); return it in upper case."""
    code = _compact(text).upper()
    if not code:
        raise InvalidDocument("统一社会信用代码不能为空")
    if len(code) != 18:
        raise InvalidDocument(f"位数不对：应为18位，现为{len(code)}位")
    for i, c in enumerate(code, start=1):
        if c in "IOZSV":
            raise InvalidDocument(f"第{i}位“{c}”不允许：统一社会信用代码不使用字母I、O、Z、S、V")
        if c not in CREDIT_CODE_CHARSET:
            raise InvalidDocument(f"第{i}位“{c}”不允许：只能是数字或大写字母")
    if not code[2:8].isdigit():
        raise InvalidDocument(f"地区码格式错误：第3至8位应为6位数字，现为{code[2:8]}")
    expected = gb32100_check_char(code[:17])
    if code[17] != expected:
        raise InvalidDocument(f"校验位错误：应为{expected}")
    return code


def _check_hmt_residence(text: str, today: date) -> str:
    number = _compact(text).upper()
    rid = _check_18(number, today)
    if rid.region_code not in HMT_REGION_CODES:
        raise InvalidDocument(
            f"地区码格式错误：港澳台居民居住证号码应以810000（香港）、820000（澳门）"
            f"或830000（台湾）开头，现为{rid.region_code}"
        )
    return rid.number


def _check_foreign_permanent(text: str, today: date) -> str:
    number = _compact(text).upper()
    if len(number) == 15:
        if not re.fullmatch(r"[A-Z]{3}[0-9]{12}", number):
            raise InvalidDocument("15位旧证号码应为3个字母（国籍代码）加12位数字")
        return number
    if len(number) != 18:
        raise InvalidDocument(f"位数不对：应为18位（旧证为15位），现为{len(number)}位")
    if not _DIGITS17_X.fullmatch(number):
        raise InvalidDocument("18位号码前17位只能是数字，第18位只能是数字或X")
    if number[0] != "9":
        raise InvalidDocument("18位外国人永久居留身份证号码应以9开头")
    _birth_date(number[6:14], today)
    expected = gb11643_check_char(number[:17])
    if number[17] != expected:
        raise InvalidDocument(f"校验位错误：应为{expected}")
    return number


def _check_pattern(text: str, pattern: str, message: str) -> str:
    number = _compact(text).upper()
    if not re.fullmatch(pattern, number):
        raise InvalidDocument(message)
    return number


def check_document(doc_type: DocumentType, text: str, today: date) -> str:
    """Check a document number of any type; return the normalised number to store."""
    if not _compact(text):
        raise InvalidDocument(f"{doc_type.label}号码不能为空")
    match doc_type:
        case DocumentType.RESIDENT_ID:
            rid = check_resident_id(text, today)
            if rid.region_code in HMT_REGION_CODES:
                raise InvalidDocument(
                    "这是港澳台居民居住证号码，请将证件类型选为“港澳台居民居住证”"
                )
            return rid.number
        case DocumentType.HMT_RESIDENCE:
            return _check_hmt_residence(text, today)
        case DocumentType.FOREIGN_PERMANENT:
            return _check_foreign_permanent(text, today)
        case DocumentType.CREDIT_CODE:
            return check_credit_code(text)
        case DocumentType.PASSPORT:
            number = _compact(text).upper()
            if not re.fullmatch(r"[0-9A-Z]+", number):
                raise InvalidDocument("护照号码只能包含字母和数字")
            if not 5 <= len(number) <= 17:
                raise InvalidDocument(f"位数不对：护照号码应为5至17位，现为{len(number)}位")
            return number
        case DocumentType.HK_MACAO_PERMIT:
            return _check_pattern(
                text,
                r"[HM]([0-9]{8}|[0-9]{10})",
                "港澳居民来往内地通行证号码应为H（香港）或M（澳门）加8位或10位数字",
            )
        case DocumentType.TAIWAN_PERMIT:
            return _check_pattern(text, r"[0-9]{8}", "台湾居民来往大陆通行证号码应为8位数字")


def mask_id(number: str) -> str:
    """Hide the middle of a number: first 3 and last 4 characters kept (8 or more
    characters), first 1 and last 2 (4 to 7), nothing kept below 4. Length is kept."""
    n = len(number)
    if n >= 8:
        head, tail = 3, 4
    elif n >= 4:
        head, tail = 1, 2
    else:
        return "*" * n
    return number[:head] + "*" * (n - head - tail) + number[n - tail :]


# --- names --------------------------------------------------------------------------------

MAX_PERSON_NAME = 50
MAX_ORG_NAME = 100
MIDDLE_DOT = "\u00b7"
# Forms of the 间隔号 that IMEs and fonts produce, all stored as U+00B7.
_DOT_FORMS = frozenset("\u00b7\u2022\u2027\u30fb\uff65\u2219\u22c5")
# Invisible characters pasted along with text: dropped, since nobody can see to remove them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NAME_JOINERS = frozenset("-'\u2019")


def _is_ideograph_plane(c: str) -> bool:
    # Planes 2 and 3 hold only CJK ideographs (Ext B to I); newer ones are still
    # "unassigned" in this Python's Unicode tables but are real name characters.
    return 0x20000 <= ord(c) <= 0x3FFFF


def _clean(text: str, what: str) -> str:
    """Invisible characters dropped, whitespace runs made one space; refuse what no name
    may hold."""
    text = " ".join(text.translate(_INVISIBLE).split())
    for c in text:
        cat = unicodedata.category(c)
        if cat == "Cc":
            raise InvalidName(f"{what}含有控制字符（U+{ord(c):04X}）")
        if cat == "Cf":
            raise InvalidName(f"{what}含有不可见的格式字符（U+{ord(c):04X}）")
        if cat == "Co":
            raise InvalidName(f"{what}含有私用区造字（U+{ord(c):04X}），请改用标准编码的汉字")
        if cat in ("Cs", "Cn") and not _is_ideograph_plane(c):
            raise InvalidName(f"{what}含有无效字符（U+{ord(c):04X}）")
    return text


def check_person_name(text: str) -> str:
    """Check a person's name (姓名): 1 to 50 characters counted as code points, so that
    rare characters outside the BMP (𠮷, 𬌗) count as one. Han characters, Latin letters,
    single spaces, ``-`` and ``'`` for foreign names, and the 间隔号 of minority names
    (阿卜杜·热合曼), whose forms are all normalised to ``·`` (U+00B7)."""
    name = _clean(halfwidth(text), "姓名")
    name = "".join(MIDDLE_DOT if c in _DOT_FORMS else c for c in name)
    name = name.replace(f" {MIDDLE_DOT}", MIDDLE_DOT).replace(f"{MIDDLE_DOT} ", MIDDLE_DOT)
    if not name:
        raise InvalidName("姓名不能为空")
    if len(name) > MAX_PERSON_NAME:
        raise InvalidName(f"姓名不能超过{MAX_PERSON_NAME}个字，现为{len(name)}个")
    for c in name:
        cat = unicodedata.category(c)
        if cat[0] in "LM" or c in _NAME_JOINERS or c in (" ", MIDDLE_DOT, "〇"):
            continue
        if _is_ideograph_plane(c):
            continue
        if cat[0] == "N":
            raise InvalidName(f"姓名不能含有数字（“{c}”）")
        if c in ".．。":
            raise InvalidName("姓名中的间隔号请用“·”，不能用句点")
        raise InvalidName(f"姓名含有不允许的字符“{c}”")
    if MIDDLE_DOT in (name[0], name[-1]):
        raise InvalidName("姓名不能以间隔号“·”开头或结尾")
    if MIDDLE_DOT * 2 in name:
        raise InvalidName("姓名中的间隔号“·”不能连续")
    for c in (name[0], name[-1]):
        if c in _NAME_JOINERS:
            raise InvalidName(f"姓名不能以“{c}”开头或结尾")
    if unicodedata.category(name[0])[0] == "M":
        raise InvalidName("姓名不能以附加符号开头")
    return name


def check_org_name(text: str) -> str:
    """Check an organisation's name (单位名称): 1 to 100 characters, any printable text
    (digits and brackets included, full-width ones kept as they are), spaces collapsed."""
    name = _clean(text, "单位名称")
    if not name:
        raise InvalidName("单位名称不能为空")
    if len(name) > MAX_ORG_NAME:
        raise InvalidName(f"单位名称不能超过{MAX_ORG_NAME}个字，现为{len(name)}个")
    return name
