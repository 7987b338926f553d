"""Catalogue files: JSON (``hallapp-catalogue`` format 1) and XLSX (three sheets).

Reading never stops at the first error: every problem is collected with the sheet, row
and column (or, for JSON, the item number and field) it sits at, so the person who keeps
the catalogue can fix the whole file in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hallapp.core.catalogue import (
    FeeSpec,
    Handling,
    ItemSpec,
    MaterialForm,
    MaterialSpec,
    check_item,
    check_unique_codes,
)
from hallapp.core.limits import LimitUnit, TimeLimit
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
_ITEM_HEADER = dict(ITEM_COLUMNS)
_MATERIAL_HEADER = dict(MATERIAL_COLUMNS)
_FEE_HEADER = dict(FEE_COLUMNS)
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
        """Reading problems plus every catalogue rule the parsed items break."""
        found = list(self.problems_found)
        pos = self.positions or list(range(len(self.items)))
        for index, item in enumerate(self.items):
            found.extend(self.locate(pos[index], p.field, p.message) for p in check_item(item))
        codes = self.codes or [item.code for item in self.items]
        found.extend(self.locate(i, p.field, p.message) for i, p in check_unique_codes(codes))
        return found


def read_catalogue_file(path: Path) -> ParsedCatalogue:
    suffix = path.suffix.lower()
    if suffix == ".json":
        parsed = read_json(path)
    elif suffix in (".xlsx", ".xlsm"):
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
        write_json(path, items, label)
    elif path.suffix.lower() == ".xlsx":
        write_xlsx(path, items, label)
    else:
        raise InvalidInput("导出文件名须以 .json 或 .xlsx 结尾")


# --- values ------------------------------------------------------------------------------


class _Bad(ValueError):
    """A cell or field that cannot be read; the message is for the user."""


def _text(value: Any, *, required: bool = False) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if required and not text:
        raise _Bad("不能为空")
    return text


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise _Bad("须为整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise _Bad(f"须为整数，实为“{_text(value)}”")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text in (YES, "Y", "y", "true", "1"):
        return True
    if text in (NO, "N", "n", "false", "0"):
        return False
    raise _Bad(f"须填“{YES}”或“{NO}”，实为“{text}”")


def _enum(parse: Callable[[str], Any], value: Any, allowed: Iterable[str]) -> Any:
    try:
        return parse(_text(value, required=True))
    except ValueError:
        raise _Bad(f"须为 {'、'.join(allowed)} 之一，实为“{_text(value)}”") from None


def _unit(value: Any) -> LimitUnit:
    result: LimitUnit = _enum(LimitUnit.from_label, value, [u.label for u in LimitUnit])
    return result


def _yuan_to_fen(value: Any) -> int:
    try:
        amount = Decimal(_text(value, required=True))
    except InvalidOperation:
        raise _Bad(f"须为金额（元），实为“{_text(value)}”") from None
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise _Bad("金额最多两位小数")
    return int(fen)


# --- JSON --------------------------------------------------------------------------------


def read_json(path: Path) -> ParsedCatalogue:
    source = str(path)

    def locate(index: int, field_name: str, message: str) -> FileProblem:
        return FileProblem(message, row=index + 1, column=field_name)

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CatalogueFileInvalid(source, [FileProblem("文件不是 UTF-8 编码")]) from None
    except json.JSONDecodeError as exc:
        problem = FileProblem(f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列附近（{exc.msg}）")
        raise CatalogueFileInvalid(source, [problem]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise CatalogueFileInvalid(
            source, [FileProblem(f"不是事项目录文件（format 须为 {FORMAT_NAME}）")]
        )
    if data.get("format_version") != FORMAT_VERSION:
        raise CatalogueFileInvalid(
            source,
            [
                FileProblem(
                    f"不支持的格式版本 {data.get('format_version')}，本程序支持 {FORMAT_VERSION}"
                )
            ],
        )
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise CatalogueFileInvalid(source, [FileProblem("缺少 items 列表")])

    items: list[ItemSpec] = []
    positions: list[int] = []
    problems: list[FileProblem] = []
    for index, raw in enumerate(raw_items):
        item, item_problems = _item_from_json(raw)
        problems.extend(locate(index, f, m) for f, m in item_problems)
        if item is not None:
            items.append(item)
            positions.append(index)
    label = _text(data.get("label")) or path.stem
    codes = [_text(raw.get("code")) if isinstance(raw, dict) else "" for raw in raw_items]
    return ParsedCatalogue(
        source, label, bool(data.get("sample")), items, locate, problems, positions, codes
    )


def _item_from_json(raw: Any) -> tuple[ItemSpec | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if not isinstance(raw, dict):
        return None, [("", "须为对象")]

    def get(name: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            if name not in raw:
                if default is not None:
                    return default
                raise _Bad("缺少此字段")
            return convert(raw[name])
        except _Bad as exc:
            problems.append((name, str(exc)))
            return default

    def limit(name: str) -> TimeLimit | None:
        value = raw.get(name)
        if not isinstance(value, dict):
            problems.append((name, '须为 {"value": 整数, "unit": 单位}'))
            return None
        try:
            return TimeLimit(_int(value.get("value")), _unit(value.get("unit", "working_days")))
        except _Bad as exc:
            problems.append((name, str(exc)))
            return None

    materials: list[MaterialSpec] = []
    for i, m in enumerate(raw.get("materials") or []):
        try:
            materials.append(
                MaterialSpec(
                    name=_text(m.get("name"), required=True),
                    form=_enum(
                        MaterialForm.from_label,
                        m.get("form", "original"),
                        [f.value for f in MaterialForm],
                    ),
                    copies=_int(m.get("copies", 1)),
                    required=_bool(m.get("required", True)),
                    notes=_text(m.get("notes")),
                )
            )
        except (_Bad, AttributeError) as exc:
            problems.append((f"materials[{i}]", str(exc) or "须为对象"))
    fees: list[FeeSpec] = []
    for i, f in enumerate(raw.get("fees") or []):
        try:
            fees.append(
                FeeSpec(
                    _text(f.get("name"), required=True),
                    _int(f.get("amount_fen")),
                    _text(f.get("basis")),
                )
            )
        except (_Bad, AttributeError) as exc:
            problems.append((f"fees[{i}]", str(exc) or "须为对象"))

    values = {
        "code": get("code", lambda v: _text(v, required=True)),
        "basic_code": get("basic_code", lambda v: _text(v, required=True)),
        "name": get("name", lambda v: _text(v, required=True)),
        "item_type": get("item_type", lambda v: _text(v, required=True)),
        "department": get("department", lambda v: _text(v, required=True)),
        "legal_limit": limit("legal_limit"),
        "promised_limit": limit("promised_limit"),
        "handling": get(
            "handling",
            lambda v: _enum(Handling.from_label, v, [h.value for h in Handling]),
            Handling.TOWNSHIP,
        ),
        "agent_service": get("agent_service", _bool, True),
    }
    text_fields = (
        "implementing_body",
        "legal_basis",
        "conditions",
        "flow",
        "contact_phone",
        "notes",
    )
    for name in text_fields:
        values[name] = _text(raw.get(name))
    if problems:
        return None, problems
    return ItemSpec(materials=tuple(materials), fees=tuple(fees), **values), []


def write_json(path: Path, items: list[ItemSpec], label: str) -> None:
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "label": label,
        "sample": False,
        "items": [
            {
                "code": it.code,
                "basic_code": it.basic_code,
                "name": it.name,
                "item_type": it.item_type,
                "department": it.department,
                "implementing_body": it.implementing_body,
                "legal_basis": it.legal_basis,
                "conditions": it.conditions,
                "legal_limit": {"value": it.legal_limit.value, "unit": it.legal_limit.unit.value},
                "promised_limit": {
                    "value": it.promised_limit.value,
                    "unit": it.promised_limit.unit.value,
                },
                "handling": it.handling.value,
                "agent_service": it.agent_service,
                "fees": [
                    {"name": f.name, "amount_fen": f.amount_fen, "basis": f.basis} for f in it.fees
                ],
                "materials": [
                    {
                        "name": m.name,
                        "form": m.form.value,
                        "copies": m.copies,
                        "required": m.required,
                        "notes": m.notes,
                    }
                    for m in it.materials
                ],
                "flow": it.flow,
                "contact_phone": it.contact_phone,
                "notes": it.notes,
            }
            for it in items
        ],
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


# --- XLSX --------------------------------------------------------------------------------


@dataclass
class _XlsxItem:
    row: int
    values: dict[str, Any]
    materials: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    fees: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _read_sheet(
    wb: Any,
    sheet: str,
    columns: tuple[tuple[str, str], ...],
    problems: list[FileProblem],
    required: bool,
) -> list[tuple[int, dict[str, Any]]]:
    if sheet not in wb.sheetnames:
        if required:
            problems.append(FileProblem(f"缺少工作表“{sheet}”"))
        return []
    rows = wb[sheet].iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    index: dict[str, int] = {}
    for key, title in columns:
        if title in header:
            index[key] = header.index(title)
        elif key in ("code", "name"):
            problems.append(FileProblem(f"缺少“{title}”列", sheet, 1, title))
    result = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or _text(v) == "" for v in row):
            continue
        result.append((number, {k: (row[i] if i < len(row) else None) for k, i in index.items()}))
    return result


def read_xlsx(path: Path) -> ParsedCatalogue:
    from openpyxl import load_workbook

    source = str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise CatalogueFileInvalid(source, [FileProblem(f"无法读取 Excel 文件：{exc}")]) from None
    problems: list[FileProblem] = []
    try:
        item_rows = _read_sheet(wb, ITEM_SHEET, ITEM_COLUMNS, problems, required=True)
        material_rows = _read_sheet(wb, MATERIAL_SHEET, MATERIAL_COLUMNS, problems, required=False)
        fee_rows = _read_sheet(wb, FEE_SHEET, FEE_COLUMNS, problems, required=False)
        label, sample = path.stem, False
        if INFO_SHEET in wb.sheetnames:
            for key, value, *_ in wb[INFO_SHEET].iter_rows(values_only=True):
                if _text(key) == "目录名称" and _text(value):
                    label = _text(value)
                elif _text(key) == "示例数据":
                    sample = _text(value) == YES
    finally:
        wb.close()
    if problems:
        return ParsedCatalogue(source, label, sample, [], lambda *a: FileProblem(""), problems)

    by_code: dict[str, _XlsxItem] = {}
    raw_items: list[_XlsxItem] = []
    for row, values in item_rows:
        it = _XlsxItem(row, values)
        raw_items.append(it)
        by_code.setdefault(_text(values.get("code")), it)
    for sheet, rows, attr in (
        (MATERIAL_SHEET, material_rows, "materials"),
        (FEE_SHEET, fee_rows, "fees"),
    ):
        for row, values in rows:
            owner = by_code.get(_text(values.get("code")))
            if owner is None:
                problems.append(
                    FileProblem(
                        f"实施编码“{_text(values.get('code'))}”在“事项”表中不存在",
                        sheet,
                        row,
                        "实施编码",
                    )
                )
            else:
                getattr(owner, attr).append((row, values))

    def locate(index: int, field_name: str, message: str) -> FileProblem:
        it = raw_items[index]
        head, _, attr = field_name.partition(".")
        if head.startswith(("materials[", "fees[")):
            seq = int(head[head.index("[") + 1 : -1])
            if head.startswith("materials["):
                row = it.materials[seq][0]
                return FileProblem(message, MATERIAL_SHEET, row, _MATERIAL_HEADER.get(attr, attr))
            row = it.fees[seq][0]
            return FileProblem(message, FEE_SHEET, row, _FEE_HEADER.get(attr, attr))
        return FileProblem(message, ITEM_SHEET, it.row, _ITEM_HEADER.get(head, head))

    items: list[ItemSpec] = []
    positions: list[int] = []
    for index, it in enumerate(raw_items):
        item = _item_from_xlsx(it, problems)
        if item is not None:
            items.append(item)
            positions.append(index)
    codes = [_text(it.values.get("code")) for it in raw_items]
    return ParsedCatalogue(source, label, sample, items, locate, problems, positions, codes)


def _item_from_xlsx(it: _XlsxItem, problems: list[FileProblem]) -> ItemSpec | None:
    before = len(problems)
    v = it.values

    def cell(key: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            return convert(v.get(key))
        except _Bad as exc:
            problems.append(FileProblem(str(exc), ITEM_SHEET, it.row, _ITEM_HEADER[key]))
            return default

    required = lambda x: _text(x, required=True)  # noqa: E731
    values: dict[str, Any] = {
        key: cell(key, required)
        for key in ("code", "basic_code", "name", "item_type", "department")
    }
    for key in ("implementing_body", "legal_basis", "conditions", "flow", "contact_phone", "notes"):
        values[key] = cell(key, _text, "")
    legal = cell("legal_limit", _int)
    legal_unit = cell("legal_unit", lambda x: _unit(x or "工作日"))
    promised = cell("promised_limit", _int)
    promised_unit = cell("promised_unit", lambda x: _unit(x or "工作日"))
    values["handling"] = cell(
        "handling",
        lambda x: _enum(Handling.from_label, x or "乡镇办结", [h.label for h in Handling]),
    )
    values["agent_service"] = cell("agent_service", lambda x: _bool(x if x is not None else YES))

    materials = []
    for row, m in it.materials:

        def mcell(
            key: str, convert: Callable[[Any], Any], row: int = row, m: dict[str, Any] = m
        ) -> Any:
            try:
                return convert(m.get(key))
            except _Bad as exc:
                problems.append(FileProblem(str(exc), MATERIAL_SHEET, row, _MATERIAL_HEADER[key]))
                return None

        materials.append(
            MaterialSpec(
                name=mcell("name", required) or "",
                form=mcell(
                    "form",
                    lambda x: _enum(
                        MaterialForm.from_label, x or "原件", [f.label for f in MaterialForm]
                    ),
                )
                or MaterialForm.ORIGINAL,
                copies=mcell("copies", lambda x: 1 if x is None else _int(x)) or 0,
                required=bool(mcell("required", lambda x: _bool(x if x is not None else YES))),
                notes=mcell("notes", _text) or "",
            )
        )
    fees = []
    for row, f in it.fees:
        try:
            amount = _yuan_to_fen(f.get("amount_fen"))
        except _Bad as exc:
            problems.append(FileProblem(str(exc), FEE_SHEET, row, _FEE_HEADER["amount_fen"]))
            amount = 0
        fees.append(FeeSpec(_text(f.get("name")), amount, _text(f.get("basis"))))
    if len(problems) > before:
        return None
    return ItemSpec(
        legal_limit=TimeLimit(legal, legal_unit),
        promised_limit=TimeLimit(promised, promised_unit),
        materials=tuple(materials),
        fees=tuple(fees),
        **values,
    )


def write_xlsx(path: Path, items: list[ItemSpec], label: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    info = wb.create_sheet(INFO_SHEET)
    info.append(["目录名称", label])
    info.append(["示例数据", NO])
    sheet = wb.create_sheet(ITEM_SHEET)
    sheet.append([title for _, title in ITEM_COLUMNS])
    materials = wb.create_sheet(MATERIAL_SHEET)
    materials.append([title for _, title in MATERIAL_COLUMNS])
    fees = wb.create_sheet(FEE_SHEET)
    fees.append([title for _, title in FEE_COLUMNS])
    for it in items:
        sheet.append(
            [
                it.code,
                it.basic_code,
                it.name,
                it.item_type,
                it.department,
                it.implementing_body,
                it.legal_basis,
                it.conditions,
                it.legal_limit.value,
                it.legal_limit.unit.label,
                it.promised_limit.value,
                it.promised_limit.unit.label,
                it.handling.label,
                YES if it.agent_service else NO,
                it.flow,
                it.contact_phone,
                it.notes,
            ]
        )
        for m in it.materials:
            materials.append(
                [it.code, m.name, m.form.label, m.copies, YES if m.required else NO, m.notes]
            )
        for f in it.fees:
            fees.append([it.code, f.name, float(Decimal(f.amount_fen) / 100), f.basis])
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
