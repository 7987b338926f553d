"""办事指南: the guide of one catalogue item, for the applicant and the wall board.

Sections are numbered 一、二、三… in order and skipped when the catalogue has nothing
for them, so a short guide has no empty headings; a long one runs over as many pages as
it needs, its tables repeating their headings.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from hallapp.core.money import yuan
from hallapp.documents.a4_parts import Field, Styles, cn_date, field_grid, item_table, para
from hallapp.documents.model import DocumentKind, GuideDocument
from hallapp.documents.pages import PageFurniture

__all__ = ["guide_furniture", "guide_story"]

_NUMERALS = "一二三四五六七八九十"
# A heading with less than this below it starts the next page instead of standing alone.
_HEADING_NEEDS = 30 * mm


def guide_story(doc: GuideDocument, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        para(doc.hall.name, styles.hall),
        para(DocumentKind.GUIDE.title, styles.title),
        para(doc.item_name, styles.hall),
        Spacer(0, 4 * mm),
    ]
    sections = _sections(doc, styles)
    for number, (heading, content) in enumerate(sections, start=1):
        story.append(CondPageBreak(_HEADING_NEEDS))
        story.append(para(f"{_numeral(number)}、{heading}", styles.heading))
        story.extend(content)
    story += [
        Spacer(0, 6 * mm),
        para(doc.hall.name, styles.right),
        para(f"打印日期：{cn_date(doc.printed_on)}", styles.right),
    ]
    return story


def guide_furniture(doc: GuideDocument) -> PageFurniture:
    return PageFurniture(
        running_head=f"{doc.hall.name}　办事指南　{doc.item_name}",
        footer_left=f"事项编码：{doc.item_code}　打印日期：{doc.printed_on:%Y-%m-%d}",
    )


def _sections(doc: GuideDocument, styles: Styles) -> list[tuple[str, list[Flowable]]]:
    basics = [
        Field("事项名称", doc.item_name, wide=True),
        Field("事项编码", doc.item_code, wide=True),
        Field("事项类型", doc.item_type),
        Field("实施主体", doc.implementing_body),
        Field("承办部门", doc.department),
        Field("代办服务", "提供免费代办" if doc.agent_service else "不提供"),
        Field("法定办结时限", doc.legal_limit),
        Field("承诺办结时限", doc.promised_limit),
        Field("办理地点", f"{doc.hall.name}　{doc.hall.address}", wide=True),
        Field("咨询电话", doc.contact_phone or doc.hall.phone),
    ]
    sections: list[tuple[str, list[Flowable]]] = [("基本信息", [field_grid(basics, styles)])]

    def text(heading: str, value: str) -> None:
        # One paragraph per line, so every line of a numbered flow gets its indent.
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if lines:
            sections.append((heading, [para(line, styles.letter) for line in lines]))

    text("设定依据", doc.legal_basis)
    text("受理条件", doc.conditions)
    if doc.materials:
        rows = [
            (str(i), m.name, m.form, str(m.copies), m.problem)
            for i, m in enumerate(doc.materials, start=1)
        ]
        table = item_table(
            ("序号", "材料名称", "材料形式", "份数", "要求"),
            rows,
            (1.2, 7, 2.4, 1.2, 5),
            styles,
            centered=(0, 2, 3),
        )
        sections.append(("申请材料", [table]))
    sections.append(("收费标准", [_fees(doc, styles)]))
    sections.append(
        (
            "办理时限",
            [
                para(
                    f"法定办结时限：{doc.legal_limit or '—'}；"
                    f"承诺办结时限：{doc.promised_limit or '—'}。",
                    styles.letter,
                )
            ],
        )
    )
    text("办理流程", doc.flow)
    agent = (
        "本事项提供免费代办服务：全程代办、环节帮办、现场导办，可到服务中心窗口或村代办点申请。"
        "依法应当缴纳的费用由申请人承担。"
        if doc.agent_service
        else "本事项不提供代办服务。"
    )
    sections.append(("代办服务", [para(agent, styles.letter)]))
    sections.append(
        (
            "咨询方式",
            [
                para(
                    f"咨询电话：{doc.contact_phone or doc.hall.phone}；"
                    f"办理地点：{doc.hall.name}　{doc.hall.address}。",
                    styles.letter,
                )
            ],
        )
    )
    text("其他说明", doc.notes)
    if doc.extra:
        extra = [Field(k, v, wide=True) for k, v in doc.extra.items()]
        sections.append(("补充信息", [field_grid(extra, styles)]))
    return sections


def _fees(doc: GuideDocument, styles: Styles) -> Flowable:
    if not doc.fees:
        return para("本事项不收费。", styles.letter)
    rows = [
        (
            str(i),
            fee.name,
            yuan(fee.amount_fen),
            ("可减免" + (f"：{fee.waiver_reason}" if fee.waiver_reason else ""))
            if fee.waived
            else "",
        )
        for i, fee in enumerate(doc.fees, start=1)
    ]
    return item_table(
        ("序号", "收费项目", "标准（元）", "说明"),
        rows,
        (1.2, 7, 2.4, 5),
        styles,
        centered=(0,),
        right=(2,),
    )


def _numeral(n: int) -> str:
    """一 to 九十九, enough for the headings of a guide."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")
