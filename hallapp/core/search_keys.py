"""Search keys that let a clerk find a record by pinyin initials (``ylbx`` → 养老保险)."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_initials(text: str) -> str:
    """First letter of each character's pinyin; other characters are kept as they are."""
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")).lower()


def pinyin_full(text: str) -> str:
    return "".join(lazy_pinyin(text, errors="default")).lower()


def search_key(*parts: str) -> str:
    """One lower-case string holding each part, its pinyin initials and its full pinyin.

    Stored beside the record so that a search is a single indexed ``LIKE`` over one column
    instead of a pinyin conversion per row at query time.
    """
    pieces: list[str] = []
    for part in parts:
        if not part:
            continue
        pieces.append(part.lower())
        pieces.append(pinyin_initials(part))
        pieces.append(pinyin_full(part))
    return " ".join(pieces)


def normalise_query(text: str) -> str:
    return " ".join(text.lower().split())
