"""What a clerk takes in at the window (一窗受理) and the rules of the decision.

行政许可法 第三十二条: an application is accepted (受理), or every missing or defective
material is named at once (一次性告知), or it is refused (不予受理) with the reason and
the remedy; items with a limit of 0 are done on the spot (即办).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from hallapp.core.contact import check_phone
from hallapp.core.identity import (
    DocumentType,
    InvalidDocument,
    check_document,
    check_org_name,
    check_person_name,
)


class ApplicantKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return "个人" if self is ApplicantKind.PERSON else "法人或其他组织"


class MaterialStatus(StrEnum):
    RECEIVED = "received"
    MISSING = "missing"
    DEFECTIVE = "defective"  # submitted, but not in legal form
    NOT_APPLICABLE = "n/a"

    @property
    def label(self) -> str:
        return {
            MaterialStatus.RECEIVED: "已收",
            MaterialStatus.MISSING: "缺少",
            MaterialStatus.DEFECTIVE: "不符合要求",
            MaterialStatus.NOT_APPLICABLE: "不适用",
        }[self]


class Decision(StrEnum):
    ACCEPT = "accept"  # 受理
    NOTICE = "notice"  # 一次性告知
    REFUSE = "refuse"  # 不予受理
    ON_THE_SPOT = "on_the_spot"  # 即办

    @property
    def label(self) -> str:
        return {
            Decision.ACCEPT: "受理",
            Decision.NOTICE: "一次性告知",
            Decision.REFUSE: "不予受理",
            Decision.ON_THE_SPOT: "即办",
        }[self]


class PaymentMethod(StrEnum):
    NONE = ""
    CASH = "cash"
    CARD = "card"
    MOBILE = "mobile"  # 扫码支付

    @property
    def label(self) -> str:
        return {
            PaymentMethod.NONE: "无需缴费",
            PaymentMethod.CASH: "现金",
            PaymentMethod.CARD: "银行卡",
            PaymentMethod.MOBILE: "扫码支付",
        }[self]


REFUSAL_REASONS: dict[str, str] = {
    "not_our_matter": "申请事项依法不属于本机关职权范围",
    "no_permit_needed": "申请事项依法不需要取得行政许可",
    "not_eligible": "申请人不符合申请条件",
    "deadline_passed": "申请超过法定申请期限",
    "duplicate": "同一事项已在办理中",
    "other": "其他原因",
}
REMEDY_TEXT = (
    "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
    "或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
)


@dataclass(frozen=True)
class Applicant:
    """申请人, or the person acting for them (委托代理人) with the same fields."""

    kind: ApplicantKind
    name: str
    doc_type: DocumentType
    doc_number: str
    phone: str = ""
    address: str = ""
    legal_representative: str = ""  # organisations only


@dataclass(frozen=True)
class MaterialLine:
    name: str
    form: str
    copies_required: int
    required: bool
    status: MaterialStatus
    original_seen: bool = False
    copies_taken: int = 0
    problem: str = ""  # for the notice: what is missing or wrong
    extra: bool = False


@dataclass(frozen=True)
class FeeLine:
    name: str
    amount_fen: int
    waived: bool = False
    waiver_reason: str = ""


@dataclass(frozen=True)
class Refusal:
    reason: str  # a key of REFUSAL_REASONS
    text: str
    remedy: str = REMEDY_TEXT


@dataclass(frozen=True)
class IntakeForm:
    item_version_id: int
    applicant: Applicant
    materials: tuple[MaterialLine, ...]
    fees: tuple[FeeLine, ...] = ()
    proxy: Applicant | None = None
    payment_method: PaymentMethod = PaymentMethod.NONE
    green_channel: bool = False
    green_reason: str = ""
    # The form's identity: a second submission of the same form (a double Enter) finds the
    # case the first one made instead of making another.
    idempotency_key: str = ""

    @property
    def payable_fen(self) -> int:
        return sum(f.amount_fen for f in self.fees if not f.waived)

    def outstanding(self) -> tuple[MaterialLine, ...]:
        """Required materials still missing or defective: the one-time notice's content."""
        return tuple(
            m
            for m in self.materials
            if m.status in (MaterialStatus.MISSING, MaterialStatus.DEFECTIVE)
            and (m.required or m.status is MaterialStatus.DEFECTIVE)
        )


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))


def normalise_applicant(
    applicant: Applicant, today: date, where: str
) -> tuple[Applicant, list[Problem]]:
    """The applicant with checked, normalised numbers, or the problems found."""
    out = _Collector()
    name = applicant.name
    number = applicant.doc_number
    phone = applicant.phone
    try:
        if applicant.kind is ApplicantKind.PERSON:
            name = check_person_name(applicant.name)
        else:
            name = check_org_name(applicant.name)
    except InvalidDocument as exc:
        out.add(f"{where}.name", exc.message)
    if (
        applicant.kind is ApplicantKind.ORGANISATION
        and applicant.doc_type is not DocumentType.CREDIT_CODE
    ):
        out.add(f"{where}.doc_type", "法人或其他组织须使用统一社会信用代码")
    elif applicant.kind is ApplicantKind.PERSON and applicant.doc_type is DocumentType.CREDIT_CODE:
        out.add(f"{where}.doc_type", "个人不能使用统一社会信用代码")
    else:
        try:
            number = check_document(applicant.doc_type, applicant.doc_number, today)
        except InvalidDocument as exc:
            out.add(f"{where}.doc_number", exc.message)
    if applicant.phone.strip():
        try:
            phone = check_phone(applicant.phone)
        except InvalidDocument as exc:
            out.add(f"{where}.phone", exc.message)
    elif where == "applicant":
        out.add(f"{where}.phone", "请填写联系电话，以便通知办理结果")
    checked = Applicant(
        applicant.kind,
        name,
        applicant.doc_type,
        number,
        phone,
        applicant.address.strip(),
        applicant.legal_representative.strip(),
    )
    return checked, out.problems


def check_decision(
    form: IntakeForm, decision: Decision, on_the_spot_item: bool, refusal: Refusal | None
) -> list[Problem]:
    """The rules between what was taken in and the decision the clerk chose."""
    out = _Collector()
    outstanding = form.outstanding()
    if decision in (Decision.ACCEPT, Decision.ON_THE_SPOT) and outstanding:
        names = "、".join(m.name for m in outstanding)
        out.add(
            "materials", f"还有材料缺少或不符合要求（{names}），不能{decision.label}，请一次性告知"
        )
    if decision is Decision.ACCEPT and on_the_spot_item:
        out.add("decision", "此事项为即办件，请选择“即办”")
    if decision is Decision.ON_THE_SPOT and not on_the_spot_item:
        out.add("decision", "此事项不是即办件，不能当场办结")
    if decision is Decision.NOTICE:
        if not outstanding:
            out.add("materials", "没有缺少或不符合要求的材料，无需一次性告知")
        for i, m in enumerate(form.materials):
            if m in outstanding and not m.problem.strip():
                out.add(f"materials[{i}].problem", f"请写明“{m.name}”需要补正的内容")
    if decision is Decision.REFUSE:
        if refusal is None or refusal.reason not in REFUSAL_REASONS:
            out.add("refusal.reason", "请选择不予受理的理由")
        elif not refusal.text.strip():
            out.add("refusal.text", "请写明不予受理的具体理由和可以申请的机关")
    for i, f in enumerate(form.fees):
        if f.amount_fen < 0:
            out.add(f"fees[{i}].amount_fen", "收费金额不能为负数")
        if f.waived and not f.waiver_reason.strip():
            out.add(f"fees[{i}].waiver_reason", f"减免“{f.name}”须写明理由")
    paying = decision in (Decision.ACCEPT, Decision.ON_THE_SPOT) and form.payable_fen > 0
    if paying and form.payment_method is PaymentMethod.NONE:
        out.add("payment_method", "请选择缴费方式")
    if form.green_channel and not form.green_reason.strip():
        out.add("green_reason", "绿色通道须写明理由（如高龄、残疾、重点项目）")
    for i, m in enumerate(form.materials):
        if m.copies_taken < 0:
            out.add(f"materials[{i}].copies_taken", "份数不能为负数")
        if m.extra and not m.name.strip():
            out.add(f"materials[{i}].name", "补充的材料须填写名称")
    return out.problems
