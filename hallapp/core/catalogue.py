"""The service catalogue (事项目录): items, their materials and fees, and the rules they obey.

Pure domain code: the importers in ``hallapp.services`` turn files into these objects and
report every problem that :func:`check_item` finds, with the place it came from.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from hallapp.core.labels import member_from_label
from hallapp.core.limits import TimeLimit

ITEM_CODE_RE = re.compile(r"^[0-9A-Za-z\-]{6,64}$")
BASIC_CODE_RE = re.compile(r"^[0-9A-Za-z]{6,32}$")
MAX_NAME_LEN = 100

ITEM_TYPES: tuple[str, ...] = (
    "行政许可",
    "行政给付",
    "行政确认",
    "行政征收",
    "行政裁决",
    "行政奖励",
    "其他行政权力",
    "公共服务",
)


class Handling(StrEnum):
    """Where a case of the item is decided."""

    TOWNSHIP = "township"  # 乡镇办结
    FORWARDED = "forwarded"  # 上报件: the township collects, a county department decides
    JOINT = "joint"  # 联办件: several departments together

    @property
    def label(self) -> str:
        return _HANDLING_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> Handling:
        return member_from_label(cls, text)


_HANDLING_LABELS = {
    Handling.TOWNSHIP: "乡镇办结",
    Handling.FORWARDED: "上报县级部门",
    Handling.JOINT: "联办",
}


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"

    @property
    def label(self) -> str:
        return _FORM_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> MaterialForm:
        return member_from_label(cls, text)


_FORM_LABELS = {
    MaterialForm.ORIGINAL: "原件",
    MaterialForm.COPY: "复印件",
    MaterialForm.ORIGINAL_AND_COPY: "原件和复印件",
}


@dataclass(frozen=True, slots=True)
class MaterialSpec:
    """One line of an item's materials list (申请材料)."""

    name: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = 1
    required: bool = True
    notes: str = ""


@dataclass(frozen=True, slots=True)
class FeeSpec:
    """A fee item; money is integer fen (分), never a float."""

    name: str
    amount_fen: int
    basis: str = ""


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """A service item (事项) as one catalogue version describes it."""

    code: str  # 实施编码
    basic_code: str  # 基本编码
    name: str
    item_type: str
    department: str
    legal_limit: TimeLimit
    promised_limit: TimeLimit
    handling: Handling = Handling.TOWNSHIP
    agent_service: bool = True
    implementing_body: str = ""
    legal_basis: str = ""
    conditions: str = ""
    flow: str = ""
    contact_phone: str = ""
    notes: str = ""
    materials: tuple[MaterialSpec, ...] = field(default_factory=tuple)
    fees: tuple[FeeSpec, ...] = field(default_factory=tuple)

    @property
    def on_the_spot(self) -> bool:
        """即办件: a promised limit of zero."""
        return self.promised_limit.on_the_spot

    @property
    def total_fee_fen(self) -> int:
        return sum(f.amount_fen for f in self.fees)

    def content_hash(self) -> str:
        """A stable digest of everything a case depends on, to tell a changed item."""
        # Built by hand: dataclasses.asdict deep-copies and costs more than the hashing.
        fields = [getattr(self, name) for name in _SCALAR_FIELDS]
        fields += [
            [self.legal_limit.value, self.legal_limit.unit.value],
            [self.promised_limit.value, self.promised_limit.unit.value],
            [[m.name, m.form.value, m.copies, m.required, m.notes] for m in self.materials],
            [[f.name, f.amount_fen, f.basis] for f in self.fees],
        ]
        payload = json.dumps(fields, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_SCALAR_FIELDS = (
    "code",
    "basic_code",
    "name",
    "item_type",
    "department",
    "handling",
    "agent_service",
    "implementing_body",
    "legal_basis",
    "conditions",
    "flow",
    "contact_phone",
    "notes",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """A rule an item breaks; ``field`` names the attribute (``materials[2].copies``)."""

    field: str
    message: str


def check_item(item: ItemSpec) -> list[Problem]:
    """Every rule an item breaks, in Chinese; an empty list means the item is valid."""
    problems: list[Problem] = []

    def bad(name: str, message: str) -> None:
        problems.append(Problem(name, message))

    if not ITEM_CODE_RE.match(item.code):
        bad("code", "实施编码须为6至64位字母、数字或连字符")
    if not BASIC_CODE_RE.match(item.basic_code):
        bad("basic_code", "基本编码须为6至32位字母或数字")
    if not item.name.strip():
        bad("name", "事项名称不能为空")
    elif len(item.name) > MAX_NAME_LEN:
        bad("name", f"事项名称不能超过{MAX_NAME_LEN}个字")
    if item.item_type not in ITEM_TYPES:
        bad("item_type", "事项类型须为：" + "、".join(ITEM_TYPES))
    if not item.department.strip():
        bad("department", "实施部门不能为空")
    problems.extend(_check_limits(item.legal_limit, item.promised_limit))

    seen: set[str] = set()
    for i, m in enumerate(item.materials):
        where = f"materials[{i}]"
        if not m.name.strip():
            bad(f"{where}.name", "材料名称不能为空")
        elif m.name in seen:
            bad(f"{where}.name", f"材料“{m.name}”重复")
        seen.add(m.name)
        if m.copies < 0:
            bad(f"{where}.copies", "份数不能为负数")
        elif m.copies == 0 and m.form is not MaterialForm.ORIGINAL:
            bad(f"{where}.copies", "需要复印件的材料份数至少为1")
    for i, fee in enumerate(item.fees):
        where = f"fees[{i}]"
        if not fee.name.strip():
            bad(f"{where}.name", "收费项目名称不能为空")
        if fee.amount_fen < 0:
            bad(f"{where}.amount_fen", "收费金额不能为负数")
    return problems


def _check_limits(legal: TimeLimit, promised: TimeLimit) -> list[Problem]:
    problems: list[Problem] = []
    if legal.value < 0:
        problems.append(Problem("legal_limit", "法定时限不能为负数"))
    if promised.value < 0:
        problems.append(Problem("promised_limit", "承诺时限不能为负数"))
    if problems:
        return problems
    if legal.unit is not promised.unit and not (legal.value == 0 or promised.value == 0):
        problems.append(Problem("promised_limit", "承诺时限与法定时限的单位须一致"))
    elif promised.value > legal.value:
        problems.append(
            Problem(
                "promised_limit",
                f"承诺时限（{promised.describe()}）不能长于法定时限（{legal.describe()}）",
            )
        )
    return problems


def check_unique_codes(codes: Sequence[str]) -> list[tuple[int, Problem]]:
    """Every 实施编码 appears once; each repeat is reported at its own position."""
    problems: list[tuple[int, Problem]] = []
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            problems.append((i, Problem("code", f"实施编码“{code}”在目录中重复出现")))
        seen.add(code)
    return problems
