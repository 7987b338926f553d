"""Amounts on the one bill (一票制): yuan and fen in figures, and in Chinese capital
numerals (大写金额) as receipts and invoices write them, e.g. ¥120.00 → 壹佰贰拾元整."""

from __future__ import annotations

__all__ = ["capital_amount", "yuan"]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def yuan(fen: int) -> str:
    """¥ in figures with two decimals: 12000 → "120.00"."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _four(n: int) -> str:
    """0 < n < 10000 in capitals, zeros inside collapsed to one 零, none at the end."""
    out = ""
    zero = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _UNITS[position]
    return out


def capital_amount(fen: int) -> str:
    """The amount in capitals (财政票据 usage): 壹佰贰拾元整, 壹仟零伍元伍角, 叁角伍分,
    零元整. Negative amounts are refused: a bill never shows one."""
    if fen < 0:
        raise ValueError(f"negative amount: {fen}")
    whole, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    text = ""
    if whole:
        groups: list[int] = []
        while whole:
            whole, rest = divmod(whole, 10000)
            groups.append(rest)
        if len(groups) > len(_GROUPS):
            raise ValueError(f"amount too large: {fen}")
        need_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or group < 1000):
                text += "零"
            text += _four(group) + _GROUPS[index]
            need_zero = False
        text += "元"
    if not jiao and not fen_digit:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen_digit:
        text += _DIGITS[fen_digit] + "分"
    return text
