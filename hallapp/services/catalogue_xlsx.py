"""Catalogue files in XLSX: sheets 事项, 材料, 收费 and 目录信息, headers in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hallapp.core.catalogue import FeeSpec, Handling, ItemSpec, MaterialForm, MaterialSpec
from hallapp.core.limits import TimeLimit
from hallapp.services.catalogue_files import (
    FEE_COLUMNS,
    FEE_HEADER,
    FEE_SHEET,
    INFO_SHEET,
    ITEM_COLUMNS,
    ITEM_HEADER,
    ITEM_SHEET,
    MATERIAL_COLUMNS,
    MATERIAL_HEADER,
    MATERIAL_SHEET,
    NO,
    YES,
    BadValue,
    CatalogueFileInvalid,
    FileProblem,
    ParsedCatalogue,
    as_bool,
    as_enum,
    as_int,
    as_text,
    as_unit,
    yuan_to_fen,
)


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
    header = [as_text(h) for h in next(rows, ())]
    index: dict[str, int] = {}
    for key, title in columns:
        if title in header:
            index[key] = header.index(title)
        elif key in ("code", "name"):
            problems.append(FileProblem(f"缺少“{title}”列", sheet, 1, title))
    result = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(v is None or as_text(v) == "" for v in row):
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
                if as_text(key) == "目录名称" and as_text(value):
                    label = as_text(value)
                elif as_text(key) == "示例数据":
                    sample = as_text(value) == YES
    finally:
        wb.close()
    if problems:
        return ParsedCatalogue(source, label, sample, [], lambda *a: FileProblem(""), problems)

    by_code: dict[str, _XlsxItem] = {}
    raw_items: list[_XlsxItem] = []
    for row, values in item_rows:
        it = _XlsxItem(row, values)
        raw_items.append(it)
        by_code.setdefault(as_text(values.get("code")), it)
    for sheet, rows, attr in (
        (MATERIAL_SHEET, material_rows, "materials"),
        (FEE_SHEET, fee_rows, "fees"),
    ):
        for row, values in rows:
            owner = by_code.get(as_text(values.get("code")))
            if owner is None:
                problems.append(
                    FileProblem(
                        f"实施编码“{as_text(values.get('code'))}”在“事项”表中不存在",
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
                return FileProblem(message, MATERIAL_SHEET, row, MATERIAL_HEADER.get(attr, attr))
            row = it.fees[seq][0]
            return FileProblem(message, FEE_SHEET, row, FEE_HEADER.get(attr, attr))
        return FileProblem(message, ITEM_SHEET, it.row, ITEM_HEADER.get(head, head))

    items: list[ItemSpec] = []
    positions: list[int] = []
    for index, it in enumerate(raw_items):
        item = _item_from_xlsx(it, problems)
        if item is not None:
            items.append(item)
            positions.append(index)
    codes = [as_text(it.values.get("code")) for it in raw_items]
    return ParsedCatalogue(source, label, sample, items, locate, problems, positions, codes)


def _item_from_xlsx(it: _XlsxItem, problems: list[FileProblem]) -> ItemSpec | None:
    before = len(problems)
    v = it.values

    def cell(key: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            return convert(v.get(key))
        except BadValue as exc:
            problems.append(FileProblem(str(exc), ITEM_SHEET, it.row, ITEM_HEADER[key]))
            return default

    required = lambda x: as_text(x, required=True)  # noqa: E731
    values: dict[str, Any] = {
        key: cell(key, required)
        for key in ("code", "basic_code", "name", "item_type", "department")
    }
    for key in ("implementing_body", "legal_basis", "conditions", "flow", "contact_phone", "notes"):
        values[key] = cell(key, as_text, "")
    legal = cell("legal_limit", as_int)
    legal_unit = cell("legal_unit", lambda x: as_unit(x or "工作日"))
    promised = cell("promised_limit", as_int)
    promised_unit = cell("promised_unit", lambda x: as_unit(x or "工作日"))
    values["handling"] = cell(
        "handling",
        lambda x: as_enum(Handling.from_label, x or "乡镇办结", [h.label for h in Handling]),
    )
    values["agent_service"] = cell("agent_service", lambda x: as_bool(x if x is not None else YES))

    materials = []
    for row, m in it.materials:

        def mcell(
            key: str, convert: Callable[[Any], Any], row: int = row, m: dict[str, Any] = m
        ) -> Any:
            try:
                return convert(m.get(key))
            except BadValue as exc:
                problems.append(FileProblem(str(exc), MATERIAL_SHEET, row, MATERIAL_HEADER[key]))
                return None

        materials.append(
            MaterialSpec(
                name=mcell("name", required) or "",
                form=mcell(
                    "form",
                    lambda x: as_enum(
                        MaterialForm.from_label, x or "原件", [f.label for f in MaterialForm]
                    ),
                )
                or MaterialForm.ORIGINAL,
                copies=mcell("copies", lambda x: 1 if x is None else as_int(x)) or 0,
                required=bool(mcell("required", lambda x: as_bool(x if x is not None else YES))),
                notes=mcell("notes", as_text) or "",
            )
        )
    fees = []
    for row, f in it.fees:
        try:
            amount = yuan_to_fen(f.get("amount_fen"))
        except BadValue as exc:
            problems.append(FileProblem(str(exc), FEE_SHEET, row, FEE_HEADER["amount_fen"]))
            amount = 0
        fees.append(FeeSpec(as_text(f.get("name")), amount, as_text(f.get("basis"))))
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
