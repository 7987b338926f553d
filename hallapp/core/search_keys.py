"""Search keys that let a clerk find a record by pinyin initials (``ylbx`` → 养老保险)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def _pinyin(text: str) -> tuple[str, str]:
    # pypinyin loads its dictionaries (~0.2 s) on import: only pay for that when a key is
    # built, never at start-up. Departments and item types repeat across thousands of
    # items, hence the cache.
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default"))
    full = "".join(lazy_pinyin(text, errors="default"))
    return initials.lower(), full.lower()


def pinyin_initials(text: str) -> str:
    """First letter of each character's pinyin; other characters are kept as they are."""
    return _pinyin(text)[0]


def search_key(*parts: str) -> str:
    """One lower-case string holding each part, its pinyin initials and its full pinyin.

    Stored beside the record so that a search is a single ``LIKE`` over one column instead
    of a pinyin conversion per row at query time.
    """
    pieces: list[str] = []
    for part in parts:
        if part:
            pieces.append(part.lower())
            pieces.extend(_pinyin(part))
    return " ".join(pieces)


def normalise_query(text: str) -> str:
    return " ".join(text.lower().split())
