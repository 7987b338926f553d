"""The custody chain of a case's materials (材料交接): who holds each material, since when.

Originals of land papers, household registers and ID cards travel from the applicant to a
village agent, the township agent, the window, a county department and back. Each move is
a hand-over record, never edited: a mistake is corrected by a new record that names the
one it corrects, which then counts as if it had never happened.

Rules, all in :func:`apply_handover`:

- every material starts with the applicant;
- a hand-over moves materials from the party that holds them (the giver) to another;
  handing over what the giver does not hold is refused, so the holder of every material
  is always exactly one party;
- only the giver or the window may record it (the window records for an applicant or a
  county department, who do not use the app).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "APPLICANT",
    "WINDOW",
    "CustodyError",
    "Handover",
    "HandoverItem",
    "Holding",
    "Party",
    "PartyKind",
    "apply_handover",
    "check_recorder",
    "holdings",
]


class CustodyError(Exception):
    """A hand-over the chain does not allow; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PartyKind(StrEnum):
    APPLICANT = "applicant"
    VILLAGE_AGENT = "village_agent"
    TOWNSHIP_AGENT = "township_agent"
    WINDOW = "window"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PartyKind.APPLICANT: "申请人",
    PartyKind.VILLAGE_AGENT: "村代办员",
    PartyKind.TOWNSHIP_AGENT: "镇代办员",
    PartyKind.WINDOW: "受理窗口",
    PartyKind.DEPARTMENT: "县级部门",
}


@dataclass(frozen=True)
class Party:
    """One holder. ``ref`` tells apart parties of a kind (an agent's id, a department's
    name); ``name`` is what is printed and is not part of the identity."""

    kind: PartyKind
    ref: str = ""
    name: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        return f"{self.kind.label}{'：' + self.name if self.name else ''}"


APPLICANT = Party(PartyKind.APPLICANT)
WINDOW = Party(PartyKind.WINDOW)


@dataclass(frozen=True)
class HandoverItem:
    """One material moved: its name on the case's checklist, and how many originals and
    copies went with it."""

    material: str
    originals: int = 1
    copies: int = 0


@dataclass(frozen=True)
class Handover:
    id: int
    at: datetime
    giver: Party
    receiver: Party
    items: tuple[HandoverItem, ...]
    corrects: int | None = None  # the id of an earlier record this one corrects
    note: str = ""


@dataclass(frozen=True)
class Holding:
    material: str
    holder: Party
    since: datetime | None  # None: with the applicant from the start


def apply_handover(current: dict[str, Holding], handover: Handover) -> dict[str, Holding]:
    """The holdings after ``handover``; raises CustodyError if it is not possible."""
    if not handover.items:
        raise CustodyError("交接单上至少要有一项材料")
    if handover.giver == handover.receiver:
        raise CustodyError("交出方和接收方不能是同一方")
    names = [item.material for item in handover.items]
    if len(set(names)) != len(names):
        raise CustodyError("同一份材料在一张交接单上只能出现一次")
    for item in handover.items:
        if item.originals < 0 or item.copies < 0 or item.originals + item.copies == 0:
            raise CustodyError(f"“{item.material}”的原件和复印件份数有误")
        held = current.get(item.material)
        if held is None:
            raise CustodyError(f"本办件没有材料“{item.material}”")
        if held.holder != handover.giver:
            raise CustodyError(
                f"“{item.material}”现在由{held.holder.label}保管，不能由{handover.giver.label}交出"
            )
    after = dict(current)
    for item in handover.items:
        after[item.material] = Holding(item.material, handover.receiver, handover.at)
    return after


def holdings(materials: Iterable[str], handovers: Sequence[Handover]) -> dict[str, Holding]:
    """Who holds each material after ``handovers`` (in the order recorded), leaving out
    the records that a later one corrects."""
    corrected = {h.corrects for h in handovers if h.corrects is not None}
    current = {m: Holding(m, APPLICANT, None) for m in materials}
    for handover in handovers:
        if handover.id in corrected or not handover.items:
            continue
        current = apply_handover(current, handover)
    return current


def check_recorder(recorder: Party, giver: Party) -> None:
    """Only the party handing over, or the window, may record a hand-over."""
    if recorder != giver and recorder != WINDOW:
        raise CustodyError(f"交接只能由交出方（{giver.label}）或受理窗口登记")
