"""The columns of ``records`` read out of a payload, so that the county's pages count and
filter with indexed SQL instead of parsing every payload.

Each column means one thing for the entities that fill it, NULL for the others:

==============  ===========================================================================
column          read from
==============  ===========================================================================
state           case: its state (the overview's counts, the overdue list, 办结)
item_name       case
legal_due       case: the 法定办结日期 notified at acceptance
promised_due    case: the 承诺办结日期 notified at acceptance
accepted_at     case
closed_at       case
received_at     case: 收件 time; complaint: when it was registered
accepted_on     case: the day its clock counts from (受理日, after closing time the next
                working day)
channel         case, evaluation, complaint: how it came in
with_agent      case: carried by an agent (代办), i.e. the hall's ``agent_id`` is set
origin          agent_service: where the 代办 began (``village`` for a 村代办点)
rating          evaluation: the level (``core.evaluation.Rating``)
rated_at        evaluation
substantiated   complaint: found 属实 (NULL until decided)
due_on          complaint: its deadline, extensions included
replied_on      complaint: when the complainant was answered
closed_on       complaint
==============  ===========================================================================

The receiving path and migration h0002 (which fills the columns of records stored before
it) both read payloads here, so a record reads the same however it arrived.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

TEXT_WIDTHS = {
    "state": 32,
    "item_name": 200,
    "legal_due": 10,
    "promised_due": 10,
    "accepted_at": 32,
    "closed_at": 32,
    "received_at": 32,
    "accepted_on": 10,
    "channel": 16,
    "origin": 16,
    "rating": 24,
    "rated_at": 32,
    "due_on": 10,
    "replied_on": 10,
    "closed_on": 10,
}
FLAGS = ("with_agent", "substantiated")
EXTRACTED_COLUMNS = (
    "state",
    "item_name",
    "legal_due",
    "promised_due",
    "accepted_at",
    "closed_at",
    "received_at",
    "accepted_on",
    "channel",
    "with_agent",
    "origin",
    "rating",
    "rated_at",
    "substantiated",
    "due_on",
    "replied_on",
    "closed_on",
)
# The entities that fill any column: the migration reads only their payloads.
EXTRACTING_ENTITIES = ("case", "agent_service", "evaluation", "complaint")

Value = str | bool | None


def _text(name: str) -> Callable[[Mapping[str, Any]], Value]:
    width = TEXT_WIDTHS[name]

    def read(payload: Mapping[str, Any]) -> Value:
        value = payload.get(name)
        return None if value is None or value == "" else str(value)[:width]

    return read


def _flag(name: str) -> Callable[[Mapping[str, Any]], Value]:
    def read(payload: Mapping[str, Any]) -> Value:
        value = payload.get(name)
        return value if isinstance(value, bool) else None

    return read


def _with_agent(payload: Mapping[str, Any]) -> Value:
    # A payload without the key (a hall older than the agent registry) leaves it unknown.
    return None if "agent_id" not in payload else payload["agent_id"] is not None


_CASE = (
    "state",
    "item_name",
    "legal_due",
    "promised_due",
    "accepted_at",
    "closed_at",
    "received_at",
    "accepted_on",
    "channel",
)
_READERS: dict[str, dict[str, Callable[[Mapping[str, Any]], Value]]] = {
    "case": {**{name: _text(name) for name in _CASE}, "with_agent": _with_agent},
    "agent_service": {"origin": _text("origin")},
    "evaluation": {name: _text(name) for name in ("rating", "rated_at", "channel")},
    "complaint": {
        **{
            name: _text(name)
            for name in ("received_at", "channel", "due_on", "replied_on", "closed_on")
        },
        "substantiated": _flag("substantiated"),
    },
}
_NOTHING: tuple[Value, ...] = (None,) * len(EXTRACTED_COLUMNS)


def _none(_payload: Mapping[str, Any]) -> Value:
    return None


# Per entity, one reader per column in the order of EXTRACTED_COLUMNS: a batch of 500
# entries reads them 500 times.
_ROWS = {
    entity: tuple(readers.get(name, _none) for name in EXTRACTED_COLUMNS)
    for entity, readers in _READERS.items()
}


def extracted_values(entity: str, payload: Any) -> tuple[Value, ...]:
    """The values of ``EXTRACTED_COLUMNS`` for a record of ``entity`` with ``payload``."""
    readers = _ROWS.get(entity)
    if readers is None or not isinstance(payload, dict):
        return _NOTHING
    return tuple(read(payload) for read in readers)
