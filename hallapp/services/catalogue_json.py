"""Catalogue files in JSON (``hallapp-catalogue`` format 1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hallapp.core.catalogue import FeeSpec, Handling, ItemSpec, MaterialForm, MaterialSpec
from hallapp.core.limits import TimeLimit
from hallapp.services.catalogue_files import (
    FORMAT_NAME,
    FORMAT_VERSION,
    BadValue,
    CatalogueFileInvalid,
    FileProblem,
    ParsedCatalogue,
    as_bool,
    as_enum,
    as_int,
    as_text,
    as_unit,
)


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
    label = as_text(data.get("label")) or path.stem
    codes = [as_text(raw.get("code")) if isinstance(raw, dict) else "" for raw in raw_items]
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
                raise BadValue("缺少此字段")
            return convert(raw[name])
        except BadValue as exc:
            problems.append((name, str(exc)))
            return default

    def limit(name: str) -> TimeLimit | None:
        value = raw.get(name)
        if not isinstance(value, dict):
            problems.append((name, '须为 {"value": 整数, "unit": 单位}'))
            return None
        try:
            return TimeLimit(as_int(value.get("value")), as_unit(value.get("unit", "working_days")))
        except BadValue as exc:
            problems.append((name, str(exc)))
            return None

    def listed(name: str) -> list[Any]:
        value = raw.get(name) or []
        if isinstance(value, list):
            return value
        problems.append((name, "须为列表"))
        return []

    materials: list[MaterialSpec] = []
    for i, m in enumerate(listed("materials")):
        try:
            materials.append(
                MaterialSpec(
                    name=as_text(m.get("name"), required=True),
                    form=as_enum(
                        MaterialForm.from_label,
                        m.get("form", "original"),
                        [f.value for f in MaterialForm],
                    ),
                    copies=as_int(m.get("copies", 1)),
                    required=as_bool(m.get("required", True)),
                    notes=as_text(m.get("notes")),
                )
            )
        except (BadValue, AttributeError) as exc:
            # An AttributeError means the entry is not an object; its own text is Python's.
            problems.append(
                (f"materials[{i}]", str(exc) if isinstance(exc, BadValue) else "须为对象")
            )
    fees: list[FeeSpec] = []
    for i, f in enumerate(listed("fees")):
        try:
            fees.append(
                FeeSpec(
                    as_text(f.get("name"), required=True),
                    as_int(f.get("amount_fen")),
                    as_text(f.get("basis")),
                )
            )
        except (BadValue, AttributeError) as exc:
            problems.append((f"fees[{i}]", str(exc) if isinstance(exc, BadValue) else "须为对象"))

    values = {
        "code": get("code", lambda v: as_text(v, required=True)),
        "basic_code": get("basic_code", lambda v: as_text(v, required=True)),
        "name": get("name", lambda v: as_text(v, required=True)),
        "item_type": get("item_type", lambda v: as_text(v, required=True)),
        "department": get("department", lambda v: as_text(v, required=True)),
        "legal_limit": limit("legal_limit"),
        "promised_limit": limit("promised_limit"),
        "handling": get(
            "handling",
            lambda v: as_enum(Handling.from_label, v, [h.value for h in Handling]),
            Handling.TOWNSHIP,
        ),
        "agent_service": get("agent_service", as_bool, True),
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
        values[name] = as_text(raw.get(name))
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
