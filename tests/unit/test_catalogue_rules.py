from __future__ import annotations

from dataclasses import replace

import pytest

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
from hallapp.core.search_keys import pinyin_initials, search_key


def item(**changes: object) -> ItemSpec:
    base = ItemSpec(
        code="00011400100Y43012110400001",
        basic_code="00011400100Y",
        name="城乡居民基本养老保险参保登记",
        item_type="公共服务",
        department="示例镇人力资源和社会保障服务站",
        legal_limit=TimeLimit(20),
        promised_limit=TimeLimit(10),
        handling=Handling.TOWNSHIP,
        materials=(MaterialSpec("居民身份证", MaterialForm.ORIGINAL_AND_COPY, 1),),
        fees=(FeeSpec("工本费", 1000),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def fields(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.field for p in problems]


def test_a_valid_item_has_no_problems() -> None:
    assert check_item(item()) == []


def test_promised_limit_longer_than_legal_is_refused() -> None:
    problems = check_item(item(promised_limit=TimeLimit(21)))
    assert fields(problems) == ["promised_limit"]
    assert "不能长于法定时限" in problems[0].message


def test_on_the_spot_item_needs_both_limits_zero() -> None:
    assert check_item(item(legal_limit=TimeLimit(0), promised_limit=TimeLimit(0))) == []
    assert item(legal_limit=TimeLimit(0), promised_limit=TimeLimit(0)).on_the_spot
    assert fields(check_item(item(legal_limit=TimeLimit(0), promised_limit=TimeLimit(1)))) == [
        "promised_limit"
    ]


def test_units_must_agree() -> None:
    problems = check_item(item(promised_limit=TimeLimit(5, LimitUnit.NATURAL_DAYS)))
    assert fields(problems) == ["promised_limit"]
    assert "单位" in problems[0].message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "短"}, "code"),
        ({"code": "ABC DEF 123"}, "code"),
        ({"basic_code": "x-1"}, "basic_code"),
        ({"name": "  "}, "name"),
        ({"name": "长" * 101}, "name"),
        ({"item_type": "行政审批"}, "item_type"),
        ({"department": ""}, "department"),
        ({"legal_limit": TimeLimit(-1)}, "legal_limit"),
        ({"fees": (FeeSpec("工本费", -1),)}, "fees[0].amount_fen"),
        ({"fees": (FeeSpec("", 100),)}, "fees[0].name"),
        (
            {"materials": (MaterialSpec("身份证"), MaterialSpec("身份证"))},
            "materials[1].name",
        ),
        ({"materials": (MaterialSpec("复印件", MaterialForm.COPY, 0),)}, "materials[0].copies"),
    ],
)
def test_each_rule_names_its_field(changes: dict[str, object], field: str) -> None:
    assert field in fields(check_item(item(**changes)))


def test_duplicate_codes_across_items_point_at_the_second() -> None:
    problems = check_unique_codes(["A00001", "B00002", "A00001", "A00001"])
    assert [(i, p.field) for i, p in problems] == [(2, "code"), (3, "code")]
    assert "“A00001”在目录中重复出现" in problems[0][1].message


def test_content_hash_changes_with_a_limit_and_not_otherwise() -> None:
    assert item().content_hash() == item().content_hash()
    assert item().content_hash() != item(promised_limit=TimeLimit(9)).content_hash()


def test_total_fee_is_integer_fen() -> None:
    two = item(fees=(FeeSpec("登记费", 8000), FeeSpec("工本费", 1050)))
    assert two.total_fee_fen == 9050


def test_limit_descriptions() -> None:
    assert TimeLimit(0).describe() == "即办"
    assert TimeLimit(20).describe() == "20个工作日"
    assert TimeLimit(30, LimitUnit.NATURAL_DAYS).describe() == "30个自然日"
    assert LimitUnit.from_label("工作日") is LimitUnit.WORKING_DAYS
    with pytest.raises(ValueError):
        LimitUnit.from_label("月")


def test_pinyin_initials_find_the_item() -> None:
    assert pinyin_initials("养老保险") == "ylbx"
    key = search_key("城乡居民基本养老保险参保登记", "人社站")
    assert "ylbx" in key
    assert "yanglao" in key
    assert "人社站" in key
