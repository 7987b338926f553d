"""Catalogue import and export through the services, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from hallapp.app import AppContext
from hallapp.db.models import AuditRecord, CatalogueImport, ItemVersion, ServiceItem
from hallapp.errors import PermissionDenied
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services import catalogue
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.catalogue_files import (
    FEE_COLUMNS,
    ITEM_COLUMNS,
    MATERIAL_COLUMNS,
    CatalogueFileInvalid,
    read_catalogue_file,
)


def counts(ctx: AppContext) -> tuple[int, int, int]:
    with ctx.read_uow() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(ServiceItem)) or 0,
            s.scalar(select(func.count()).select_from(ItemVersion)) or 0,
            s.scalar(select(func.count()).select_from(CatalogueImport)) or 0,
        )


def item_row(code: str, name: str, legal: object = 20, promised: object = 10) -> list[object]:
    values = {
        "code": code,
        "basic_code": code[:12],
        "name": name,
        "item_type": "行政给付",
        "department": "示例镇社会事务办公室",
        "implementing_body": "示例镇人民政府",
        "legal_basis": "《社会救助暂行办法》",
        "conditions": "",
        "legal_limit": legal,
        "legal_unit": "工作日",
        "promised_limit": promised,
        "promised_unit": "工作日",
        "handling": "乡镇办结",
        "agent_service": "是",
        "flow": "1.申请 2.受理",
        "contact_phone": "",
        "notes": "",
    }
    return [values[key] for key, _ in ITEM_COLUMNS]


def write_xlsx(
    path: Path,
    items: list[list[object]],
    materials: list[list[object]],
    fees: list[list[object]] | None = None,
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "事项"
    ws.append([t for _, t in ITEM_COLUMNS])
    for row in items:
        ws.append(row)
    m = wb.create_sheet("材料")
    m.append([t for _, t in MATERIAL_COLUMNS])
    for row in materials:
        m.append(row)
    f = wb.create_sheet("收费")
    f.append([t for _, t in FEE_COLUMNS])
    for row in fees or []:
        f.append(row)
    wb.save(path)
    return path


def test_the_sample_catalogue_is_valid_and_large_enough() -> None:
    parsed = read_catalogue_file(SAMPLE_CATALOGUE)
    assert parsed.sample is True
    assert "示例" in parsed.label
    assert len(parsed.items) >= 40
    names = " ".join(i.name for i in parsed.items)
    for kind in (
        "养老保险",
        "最低生活保障",
        "临时救助",
        "高龄",
        "残疾",
        "生育登记",
        "宅基地",
        "退役军人",
    ):
        assert kind in names or any(kind in i.name for i in parsed.items), kind
    promised_share = [
        i
        for i in parsed.items
        if i.legal_limit.value and i.promised_limit.value > i.legal_limit.value * 2 // 3
    ]
    assert promised_share == []
    assert any(i.on_the_spot for i in parsed.items)


def test_demo_seed_imports_the_sample_catalogue(demo: AppContext) -> None:
    items, versions, imports = counts(demo)
    assert items == versions >= 40
    assert imports == 1


def test_import_of_a_changed_item_adds_a_version_and_keeps_the_old(
    ctx: AppContext, tmp_path: Path
) -> None:
    first = write_xlsx(
        tmp_path / "v1.xlsx",
        [item_row("ABCDEF123456A01", "临时救助"), item_row("ABCDEF123456A02", "高龄津贴申领")],
        [["ABCDEF123456A01", "申请书", "原件", 1, "是", ""]],
    )
    r1 = catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, first)
    assert (r1.added, r1.changed, r1.unchanged) == (2, 0, 0)
    with ctx.read_uow() as uow:
        old_version = uow.session.scalars(
            select(ItemVersion).join(ServiceItem).where(ServiceItem.code == "ABCDEF123456A01")
        ).one()
        old_id = old_version.id

    second = write_xlsx(
        tmp_path / "v2.xlsx",
        [
            item_row("ABCDEF123456A01", "临时救助", 20, 5),
            item_row("ABCDEF123456A02", "高龄津贴申领"),
        ],
        [["ABCDEF123456A01", "申请书", "原件", 1, "是", ""]],
    )
    r2 = catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, second)
    assert (r2.added, r2.changed, r2.unchanged) == (0, 1, 1)
    assert counts(ctx) == (2, 3, 2)

    old = catalogue.item_guide(ctx.read_uow(), old_id)
    assert old.version == 1 and old.spec.promised_limit.value == 10  # untouched for old cases
    rows = catalogue.search_items(ctx.read_uow(), "临时救助")
    assert [(r.name, r.promised.value) for r in rows] == [("临时救助", 5)]
    current = catalogue.item_guide(ctx.read_uow(), rows[0].version_id)
    assert current.version == 2
    assert [m.name for m in current.spec.materials] == ["申请书"]


def test_a_file_with_errors_imports_nothing_and_lists_every_error(
    demo: AppContext, tmp_path: Path
) -> None:
    before = counts(demo)
    bad = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            item_row("GOOD00000000001", "好的事项"),
            item_row("BAD", "编码太短"),
            item_row("GOOD00000000003", "承诺时限太长", 10, 11),
            item_row("GOOD00000000004", "时限不是数字", "二十", 10),
            item_row("GOOD00000000001", "重复编码"),
        ],
        [
            ["GOOD00000000001", "申请书", "原件", 1, "是", ""],
            ["GOOD00000000001", "身份证", "扫描件", 1, "是", ""],
            ["NOPE00000000009", "户口簿", "原件", 1, "是", ""],
        ],
        [["GOOD00000000001", "工本费", "十元", ""]],
    )
    with pytest.raises(CatalogueFileInvalid) as caught:
        catalogue.import_catalogue_file(demo.uow(), COMMAND_LINE, bad)
    where = {(p.sheet, p.row, p.column) for p in caught.value.file_problems}
    assert where == {
        ("事项", 3, "实施编码"),
        ("事项", 3, "基本编码"),
        ("事项", 4, "承诺时限"),
        ("事项", 5, "法定时限"),
        ("事项", 6, "实施编码"),
        ("材料", 3, "材料形式"),
        ("材料", 4, "实施编码"),
        ("收费", 2, "金额（元）"),
    }
    assert "未导入任何内容" in caught.value.message
    assert any("工作表“材料”第3行“材料形式”列" in line for line in caught.value.problems)
    assert counts(demo) == before


def test_json_errors_name_the_item_and_field(ctx: AppContext, tmp_path: Path) -> None:
    data = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    data["items"][2]["promised_limit"] = {"value": 999, "unit": "working_days"}
    data["items"][5]["materials"][0]["copies"] = "两份"
    del data["items"][7]["name"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueFileInvalid) as caught:
        catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, path)
    assert {(p.row, p.column) for p in caught.value.file_problems} == {
        (3, "promised_limit"),
        (6, "materials[0]"),
        (8, "name"),
    }
    assert counts(ctx) == (0, 0, 0)


def test_broken_json_and_wrong_format_are_explained(ctx: AppContext, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "hallapp-catalogue", "items": [', encoding="utf-8")
    with pytest.raises(CatalogueFileInvalid, match="未导入任何内容") as caught:
        catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, broken)
    assert "JSON 格式错误" in caught.value.problems[0]
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(CatalogueFileInvalid) as caught:
        catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, other)
    assert "不是事项目录文件" in caught.value.problems[0]
    not_excel = tmp_path / "fake.xlsx"
    not_excel.write_bytes(b"this is not a zip file")
    with pytest.raises(CatalogueFileInvalid) as caught:
        catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, not_excel)
    assert "无法读取 Excel 文件" in caught.value.problems[0]


def test_a_clerk_may_not_import(demo: AppContext, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="中心负责人或管理员"):
        catalogue.import_catalogue_file(demo.uow(), clerk, SAMPLE_CATALOGUE)


def test_import_writes_its_audit_record_in_the_same_transaction(demo: AppContext) -> None:
    with demo.read_uow() as uow:
        actions = uow.session.scalars(select(AuditRecord.action)).all()
    assert actions.count("catalogue.import") == 1


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_export_then_import_round_trips(demo: AppContext, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    count = catalogue.export_catalogue_file(demo.read_uow(), path)
    assert count == counts(demo)[0]
    exported = catalogue.export_items(demo.read_uow())
    parsed = read_catalogue_file(path)
    assert parsed.items == exported
    again = catalogue.import_catalogue_file(demo.uow(), COMMAND_LINE, path)
    assert (again.added, again.changed, again.unchanged) == (0, 0, count)


def test_exported_xlsx_has_chinese_headers_and_money_in_yuan(
    demo: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "export.xlsx"
    catalogue.export_catalogue_file(demo.read_uow(), path)
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["目录信息", "事项", "材料", "收费"]
    header = next(wb["事项"].iter_rows(values_only=True))
    assert header[:3] == ("实施编码", "基本编码", "事项名称")
    fees = list(wb["收费"].iter_rows(values_only=True))
    assert fees[0] == ("实施编码", "收费项目", "金额（元）", "收费依据")
    with_fee = [i for i in catalogue.export_items(demo.read_uow()) if i.fees]
    assert with_fee, "the sample catalogue has fee items"
    first = with_fee[0].fees[0]
    assert fees[1][2] == pytest.approx(first.amount_fen / 100)


def test_errors_are_listed_in_file_order(ctx: AppContext, tmp_path: Path) -> None:
    data = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    data["items"][0]["promised_limit"] = {"value": 999, "unit": "working_days"}
    data["items"][3]["department"] = ""
    data["items"][5]["materials"][0]["copies"] = "两份"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueFileInvalid) as caught:
        catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, path)
    assert [p.row for p in caught.value.file_problems] == [1, 4, 6]
