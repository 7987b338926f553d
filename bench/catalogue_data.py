"""A large, realistic catalogue: the 59 sample items repeated across a county's townships.

A county's catalogue is mostly the same national items implemented by each township, so
item n is sample item ``n % 59`` in township ``n // 59``: the name gets a variant suffix,
the department the township's name, the code the township's division code. Materials are
the sample's (3 to 6, topped up or trimmed) and about one item in six carries fees, so
the sheets have the shape and the text lengths of a real file.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from hallapp.core.catalogue import FeeSpec, ItemSpec, MaterialForm, MaterialSpec
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services.catalogue_json import read_json
from hallapp.services.catalogue_xlsx import write_xlsx

COUNTY = "430121"  # the sample catalogue's county
_SYLLABLES_A = "青白黄石东西南北金龙"
_SYLLABLES_B = "山沙河桥湖岭坪塘田溪"
_NAME_SUFFIXES = ("", "", "", "（个人）", "（单位）", "（变更）", "（补办）", "（延续）")
_EXTRA_MATERIALS = (
    MaterialSpec("居民身份证", MaterialForm.ORIGINAL, 0, True, "现场核验"),
    MaterialSpec("户口簿", MaterialForm.ORIGINAL_AND_COPY, 1, True, ""),
    MaterialSpec("授权委托书", MaterialForm.ORIGINAL, 1, False, "委托他人办理的提供"),
    MaterialSpec("受托人居民身份证", MaterialForm.COPY, 1, False, "委托他人办理的提供"),
    MaterialSpec("村（社区）出具的证明", MaterialForm.ORIGINAL, 1, True, "加盖村（居）委会公章"),
    MaterialSpec("近期一寸免冠照片", MaterialForm.ORIGINAL, 2, False, ""),
)
_FEES = (
    FeeSpec("工本费", 1000, "《关于规范证照工本费的通知》"),
    FeeSpec("登记费", 8000, "县发展和改革局收费标准"),
    FeeSpec("测绘费", 25050, "按实际面积计收"),
)


def township_names(count: int) -> list[str]:
    """``count`` distinct two-character township names (青山, 青沙, …)."""
    names = [a + b for a in _SYLLABLES_A for b in _SYLLABLES_B]
    if count > len(names):
        raise ValueError(f"at most {len(names)} townships")
    return names[:count]


def sample_items() -> list[ItemSpec]:
    return read_json(SAMPLE_CATALOGUE).items


def make_items(count: int, seed: int = 20240101) -> list[ItemSpec]:
    """``count`` valid items with unique codes; the same ``seed`` gives the same items."""
    rng = random.Random(seed)
    samples = sample_items()
    towns = township_names(-(-count // len(samples)))
    items = []
    for n in range(count):
        base = samples[n % len(samples)]
        town_no = n // len(samples)
        town = towns[town_no] + "镇"
        division = f"{COUNTY}{101 + town_no:03d}000"
        materials = _materials(base.materials, rng)
        fees = base.fees or (
            tuple(rng.sample(_FEES, rng.randint(1, 2))) if rng.random() < 0.15 else ()
        )
        items.append(
            replace(
                base,
                code=f"{base.basic_code}{division}01",
                name=base.name + rng.choice(_NAME_SUFFIXES),
                department=base.department.replace("示例镇", town),
                implementing_body=base.implementing_body.replace("示例镇", town),
                conditions=base.conditions.replace("本镇", f"{town}"),
                materials=materials,
                fees=fees,
            )
        )
    return items


def _materials(base: tuple[MaterialSpec, ...], rng: random.Random) -> tuple[MaterialSpec, ...]:
    """3 to 6 materials with distinct names, starting from the sample item's own."""
    wanted = rng.randint(3, 6)
    chosen = list(base[:wanted])
    names = {m.name for m in chosen}
    for extra in rng.sample(_EXTRA_MATERIALS, len(_EXTRA_MATERIALS)):
        if len(chosen) >= wanted:
            break
        if extra.name not in names:
            chosen.append(extra)
            names.add(extra.name)
    return tuple(chosen)


def write_catalogue_xlsx(path: Path, count: int, seed: int = 20240101) -> list[ItemSpec]:
    items = make_items(count, seed)
    write_xlsx(path, items, f"基准测试事项目录（{count} 项，生成数据）")
    return items
