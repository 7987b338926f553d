"""Codes kept in files and the database, read back from either the code or its label."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def member_from_label(cls: type[E], text: str) -> E:
    """The member whose code (``working_days``) or Chinese label (``工作日``) is ``text``;
    a ValueError names the text otherwise."""
    text = text.strip()
    for member in cls:
        if text in (member.value, getattr(member, "label", None)):
            return member
    raise ValueError(text)
