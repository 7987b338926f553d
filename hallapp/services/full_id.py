"""显示完整证件号: lists, documents and exports show ID numbers masked; the full number is
shown to the roles whose work needs it, for a purpose they state, and every showing is in
the audit trail (the number itself never is)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from hallapp.db.models import Case
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput, NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any

# The counter clerk checks the number against the card in front of them; the supervisor
# answers the county's and the applicant's questions. Agents carry materials and
# read-only users look at figures: neither needs the number whole.
REVEAL_ROLES = (Role.CLERK, Role.SUPERVISOR)


class RevealPurpose(StrEnum):
    CHECK_IDENTITY = "check_identity"
    ISSUE_DOCUMENT = "issue_document"
    COUNTY_INQUIRY = "county_inquiry"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            RevealPurpose.CHECK_IDENTITY: "核对申请人身份",
            RevealPurpose.ISSUE_DOCUMENT: "出具证明或文书",
            RevealPurpose.COUNTY_INQUIRY: "县级部门核查",
            RevealPurpose.OTHER: "其他",
        }[self]


@dataclass(frozen=True)
class FullNumbers:
    applicant: str
    proxy: str  # "" when the case has no proxy


def reveal_doc_numbers(
    uow: UnitOfWork,
    actor: Actor,
    case_id: int,
    purpose: RevealPurpose,
    note: str = "",
) -> FullNumbers:
    """The case's full document numbers, recorded as shown (who, when, why)."""
    require_any(actor, "查看完整证件号码", *REVEAL_ROLES)
    note = note.strip()
    if purpose is RevealPurpose.OTHER and not note:
        raise InvalidInput("用途选择“其他”时须写明查看原因")
    if len(note) > 200:
        raise InvalidInput("查看原因不能超过200字")
    with uow:
        session = uow.session
        row = session.execute(
            select(Case.number, Case.applicant_doc_number, Case.proxy_doc_number).where(
                Case.id == case_id
            )
        ).first()
        if row is None:
            raise NotFound(f"找不到办件 {case_id}")
        audit.record(
            session,
            actor,
            "case.reveal_id",
            "case",
            case_id,
            {"number": row.number, "purpose": purpose.value, "note": note},
        )
        # Written before the number is handed out: a showing that cannot be recorded
        # does not happen.
        uow.commit()
    return FullNumbers(row.applicant_doc_number, row.proxy_doc_number)
