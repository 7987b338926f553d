"""Text for a receipt printer's fixed grid: column widths, cleaning and line wrapping.

An 80 mm printer in Chinese character mode prints 48 columns of Font A (12 × 24 dots on
576 dots). An ASCII byte takes one column; every character sent as two or four bytes of
GB18030 takes a full 24-dot cell, i.e. two columns. That includes characters Unicode
calls narrow or ambiguous, such as the middle dot of 买买提·艾力 or ¥, so the width is
taken from ``east_asian_width`` only for what is ASCII or not.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["COLUMNS", "char_columns", "clean", "text_columns", "wrap"]

COLUMNS = 48

# Chinese typesetting keeps these off the start of a line (避头点).
_NO_LINE_START = frozenset("，。、；：！？）》」』】〕〉…—%,.;:!?)]}")
# A run of printable ASCII stays whole where it can: a phone number or case number cut in
# two is easy to misread.
_TOKEN = re.compile(r"[!-~]+| +|.", re.S)


def char_columns(char: str) -> int:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1 if ord(char) < 0x80 else 2


def text_columns(text: str) -> int:
    return sum(char_columns(c) for c in text)


def clean(text: str) -> str:
    """``text`` with tabs and other control characters made spaces, line breaks kept.

    A stray ESC or GS in a name typed or pasted at the counter would otherwise reach
    the printer as the start of a command.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c if c == "\n" or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp") else " "
        for c in text
    )


def wrap(text: str, width: int = COLUMNS) -> list[str]:
    """``text`` as lines of at most ``width`` columns; each ``\\n`` starts a new line."""
    if width < 2:
        raise ValueError(f"cannot wrap to {width} columns: a CJK character needs 2")
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines += _wrap_paragraph(paragraph, width)
    return lines


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal line, used
        lines.append("".join(line).rstrip(" "))
        line, used = [], 0

    for token in _TOKEN.findall(text):
        cols = text_columns(token)
        if token.startswith(" "):
            if line and used + cols <= width:
                line.append(token)
                used += cols
            elif line:
                flush()  # a space at the break is dropped, not carried over
            continue
        if used + cols <= width:
            line.append(token)
            used += cols
            continue
        if cols > width:
            # A word longer than a whole line (a long web address) is cut where it must.
            for char in token:
                if used + char_columns(char) > width:
                    flush()
                line.append(char)
                used += char_columns(char)
            continue
        carried: list[str] = []
        if (
            token in _NO_LINE_START
            and len(line) > 1
            and not line[-1].isspace()
            and text_columns(line[-1]) + cols <= width
        ):
            # The character before the punctuation goes down with it.
            carried = [line.pop()]
        flush()
        line = [*carried, token]
        used = text_columns("".join(line))
    if line or not lines:
        flush()
    return lines
