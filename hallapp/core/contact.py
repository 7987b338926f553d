"""Contact phone numbers (联系电话) of applicants, agents and halls.

Accepted and normalised:

- mainland mobile numbers (手机): ``1[3-9]`` + 9 digits, a ``+86`` / ``0086`` prefix
  dropped → ``13812345678``;
- landlines (固定电话) with their area code (区号): 3-digit codes 010 and 020–029 with an
  8-digit local number, 4-digit codes 03xx–09xx with a 7- or 8-digit local number, and an
  optional extension (分机, ``-123`` or ``转123``) → ``0731-86901234`` / ``0731-86901234转123``;
- service hotlines: 5-digit 12xxx government lines (12345) and 400/800 numbers
  → ``12345`` / ``400-123-4567``.

Spaces, dashes, brackets and full-width digits are tolerated on input.
"""

from __future__ import annotations

import re

from hallapp.core.identity import InvalidDocument, halfwidth, mask_id

__all__ = ["InvalidPhone", "check_phone", "mask_phone"]


class InvalidPhone(InvalidDocument):
    """A phone number that cannot be stored; ``message`` is shown to the clerk as is. Like
    every refused applicant detail it is an InvalidDocument (hence a ValueError)."""


_PUNCT = str.maketrans({"（": "(", "）": ")", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_HOTLINE = re.compile(r"12[0-9]{3}")
_TOLL_FREE = re.compile(r"[48]00[0-9]{7}")
_AREA_3 = re.compile(r"0(10|2[0-9])")
_AREA_4 = re.compile(r"0[3-9][0-9]{2}")
_EXTENSION = re.compile(r"[0-9]{1,6}")
_NORMAL_LANDLINE = re.compile(r"(0[0-9]{2,3})-([0-9]{7,8})(?:转([0-9]{1,6}))?")


def _landline(area: str, local: str, ext: str) -> str:
    if _AREA_3.fullmatch(area):
        if len(local) != 8:
            raise InvalidPhone(f"区号{area}的电话号码应为8位，现为{len(local)}位")
    elif _AREA_4.fullmatch(area):
        if len(local) not in (7, 8):
            raise InvalidPhone(f"区号{area}的电话号码应为7位或8位，现为{len(local)}位")
    else:
        raise InvalidPhone(f"区号格式错误：{area}")
    if local[0] in "01":
        raise InvalidPhone(f"电话号码（区号后）不能以{local[0]}开头")
    if ext and not _EXTENSION.fullmatch(ext):
        raise InvalidPhone("分机号应为1至6位数字")
    return f"{area}-{local}" + (f"转{ext}" if ext else "")


def check_phone(text: str) -> str:
    """Check a phone number and return it in the normal form (see the module docstring)."""
    raw = halfwidth(text).strip()
    if not raw:
        raise InvalidPhone("电话号码不能为空")
    raw = raw.translate(_PUNCT)
    ext = ""
    if "转" in raw:
        raw, _, ext = raw.partition("转")
        ext = re.sub(r"[\s\-]", "", ext)
        if not _EXTENSION.fullmatch(ext):
            raise InvalidPhone("分机号应为1至6位数字")
    if not re.fullmatch(r"\+?[0-9()\s\-]+", raw):
        raise InvalidPhone("电话号码只能包含数字、空格和连字符")
    groups = [g for g in re.split(r"[()\s\-]+", raw) if g]
    digits = "".join(groups).lstrip("+")
    international = True
    if raw.startswith("+"):
        if not digits.startswith("86"):
            raise InvalidPhone("只接受中国大陆的电话号码（+86）")
        digits = digits[2:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    else:
        international = False
    if international:
        # The prefix is a group of its own; +86 731 86901234: the area code loses its 0.
        groups = []
        if re.match(r"10|[2-9]", digits):
            digits = "0" + digits

    if _MOBILE.fullmatch(digits):
        if ext:
            raise InvalidPhone("手机号码不能带分机号")
        return digits
    if _HOTLINE.fullmatch(digits) and not ext:
        return digits
    if _TOLL_FREE.fullmatch(digits):
        if ext:
            raise InvalidPhone(f"{digits[:3]}电话不能带分机号")
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("1"):
        if len(digits) == 11:
            raise InvalidPhone("手机号码应以13至19开头")
        raise InvalidPhone(f"手机号码应为11位，现为{len(digits)}位")
    if not digits.startswith("0"):
        if len(digits) in (7, 8):
            raise InvalidPhone("固定电话请加区号，如0731-86901234")
        raise InvalidPhone("无法识别的电话号码：手机号码11位，固定电话须带区号")

    # A landline: use the caller's grouping when an area code stands alone in front.
    if len(groups) >= 2 and groups[0].lstrip("+").startswith("0") and len(groups[0]) in (3, 4):
        area, rest = groups[0], groups[1:]
        if not ext and len(rest) == 2 and len(rest[0]) in (7, 8):
            rest, ext = rest[:1], rest[1]
        return _landline(area, "".join(rest), ext)
    # A lone "0" has no second digit: slicing lets _landline refuse it as an area code.
    area_len = 3 if digits[1:2] in ("1", "2") else 4
    return _landline(digits[:area_len], digits[area_len:], ext)


def mask_phone(number: str) -> str:
    """Hide the middle of a phone number: ``138****5678``; a landline keeps its area code
    and last 4 digits (``0731-****1234``); hotlines are not personal and stay whole."""
    if _MOBILE.fullmatch(number):
        return f"{number[:3]}****{number[7:]}"
    if _HOTLINE.fullmatch(number) or re.fullmatch(r"[48]00-[0-9]{3}-[0-9]{4}", number):
        return number
    m = _NORMAL_LANDLINE.fullmatch(number)
    if m:
        local = m.group(2)
        return f"{m.group(1)}-{'*' * (len(local) - 4)}{local[-4:]}"
    return mask_id(number)
