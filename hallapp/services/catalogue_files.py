"""Catalogue files: JSON (``hallapp-catalogue`` format 1) and XLSX (three sheets).

Reading never stops at the first error: every problem is collected with the sheet, row
and column (or, for JSON, the item number and field) it sits at, so the person who keeps
the catalogue can fix the whole file in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hallapp.core.catalogue import (
    ItemSpec,
    check_item,
    check_unique_codes,
)
from hallapp.core.limits import LimitUnit
from hallapp.errors import InvalidInput

FORMAT_NAME = "hallapp-catalogue"
FORMAT_VERSION = 1

ITEM_SHEET, MATERIAL_SHEET, FEE_SHEET, INFO_SHEET = "事项", "材料", "收费", "目录信息"
ITEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "实施编码"),
    ("basic_code", "基本编码"),
    ("name", "事项名称"),
    ("item_type", "事项类型"),
    ("department", "实施部门"),
    ("implementing_body", "实施主体"),
    ("legal_basis", "设定依据"),
    ("conditions", "受理条件"),
    ("legal_limit", "法定时限"),
    ("legal_unit", "法定时限单位"),
    ("promised_limit", "承诺时限"),
    ("promised_unit", "承诺时限单位"),
    ("handling", "办理方式"),
    ("agent_service", "可代办"),
    ("flow", "办理流程"),
    ("contact_phone", "咨询电话"),
    ("notes", "备注"),
)
MATERIAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "实施编码"),
    ("name", "材料名称"),
    ("form", "材料形式"),
    ("copies", "份数"),
    ("required", "是否必需"),
    ("notes", "备注"),
)
FEE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "实施编码"),
    ("name", "收费项目"),
    ("amount_fen", "金额（元）"),
    ("basis", "收费依据"),
)
ITEM_HEADER = dict(ITEM_COLUMNS)
MATERIAL_HEADER = dict(MATERIAL_COLUMNS)
FEE_HEADER = dict(FEE_COLUMNS)
YES, NO = "是", "否"


@dataclass(frozen=True)
class FileProblem:
    """One error in a catalogue file and where it is."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        where = []
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            where.append(f"第{self.row}行" if self.sheet else f"第{self.row}项")
        if self.column:
            where.append(f"“{self.column}”列" if self.sheet else f"字段 {self.column}")
        return ("".join(where) + "：" if where else "") + self.message


class CatalogueFileInvalid(InvalidInput):
    def __init__(self, source: str, problems: list[FileProblem]) -> None:
        super().__init__(
            f"事项目录文件 {source} 有 {len(problems)} 处错误，未导入任何内容。",
            [p.describe() for p in problems],
        )
        self.file_problems = problems


Locator = Callable[[int, str, str], FileProblem]


@dataclass
class ParsedCatalogue:
    source: str
    label: str
    sample: bool
    items: list[ItemSpec]
    locate: Locator
    problems_found: list[FileProblem] = field(default_factory=list)
    # Where each parsed item stands in the file; items that could not be read are missing
    # from ``items`` but their neighbours must still be reported at the right place.
    positions: list[int] = field(default_factory=list)
    # The code of every item in the file, read or not, for the rules across items.
    codes: list[str] = field(default_factory=list)

    def problems(self) -> list[FileProblem]:
        """Reading problems plus every catalogue rule the parsed items break, in the order
        they stand in the file, so the list can be worked through from the top."""
        found = list(self.problems_found)
        pos = self.positions or list(range(len(self.items)))
        for index, item in enumerate(self.items):
            found.extend(self.locate(pos[index], p.field, p.message) for p in check_item(item))
        codes = self.codes or [item.code for item in self.items]
        found.extend(self.locate(i, p.field, p.message) for i, p in check_unique_codes(codes))
        return sorted(found, key=_file_order)


_SHEET_ORDER = {None: 0, ITEM_SHEET: 1, MATERIAL_SHEET: 2, FEE_SHEET: 3, INFO_SHEET: 4}


def _file_order(problem: FileProblem) -> tuple[int, int]:
    return _SHEET_ORDER.get(problem.sheet, 5), problem.row or 0


def read_catalogue_file(path: Path) -> ParsedCatalogue:
    suffix = path.suffix.lower()
    if suffix == ".json":
        from hallapp.services.catalogue_json import read_json

        parsed = read_json(path)
    elif suffix in (".xlsx", ".xlsm"):
        from hallapp.services.catalogue_xlsx import read_xlsx

        parsed = read_xlsx(path)
    else:
        raise CatalogueFileInvalid(
            str(path), [FileProblem("只支持 .json 和 .xlsx 格式的事项目录文件")]
        )
    problems = parsed.problems()
    if problems:
        raise CatalogueFileInvalid(str(path), problems)
    return parsed


def write_catalogue_file(path: Path, items: list[ItemSpec], label: str) -> None:
    if path.suffix.lower() == ".json":
        from hallapp.services.catalogue_json import write_json

        write_json(path, items, label)
    elif path.suffix.lower() == ".xlsx":
        from hallapp.services.catalogue_xlsx import write_xlsx

        write_xlsx(path, items, label)
    else:
        raise InvalidInput("导出文件名须以 .json 或 .xlsx 结尾")


# --- values ------------------------------------------------------------------------------


class BadValue(ValueError):
    """A cell or field that cannot be read; the message is for the user."""


def as_text(value: Any, *, required: bool = False) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if required and not text:
        raise BadValue("不能为空")
    return text


def as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue("须为整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise BadValue(f"须为整数，实为“{as_text(value)}”")


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = as_text(value)
    if text in (YES, "Y", "y", "true", "1"):
        return True
    if text in (NO, "N", "n", "false", "0"):
        return False
    raise BadValue(f"须填“{YES}”或“{NO}”，实为“{text}”")


def as_enum(parse: Callable[[str], Any], value: Any, allowed: Iterable[str]) -> Any:
    try:
        return parse(as_text(value, required=True))
    except ValueError:
        raise BadValue(f"须为 {'、'.join(allowed)} 之一，实为“{as_text(value)}”") from None


def as_unit(value: Any) -> LimitUnit:
    result: LimitUnit = as_enum(LimitUnit.from_label, value, [u.label for u in LimitUnit])
    return result


def yuan_to_fen(value: Any) -> int:
    try:
        amount = Decimal(as_text(value, required=True))
    except InvalidOperation:
        raise BadValue(f"须为金额（元），实为“{as_text(value)}”") from None
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise BadValue("金额最多两位小数")
    return int(fen)
