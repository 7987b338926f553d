"""The three answers to an application at intake (行政许可法 第三十二条), each in writing:
受理通知书 (accepted), 一次性告知书 (everything still needed, told at once) and
不予受理通知书 (refused, with the reason and the way to appeal)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from hallapp.documents.a4_parts import (
    Body,
    Field,
    Signer,
    Styles,
    cn_date,
    cn_datetime,
    field_grid,
    item_table,
    materials_table,
    numbered,
    para,
    party_fields,
    received,
    wanting,
)
from hallapp.documents.model import CaseDocument

__all__ = [
    "DEFAULT_REMEDY",
    "NOTHING_ELSE",
    "PROVISIONAL_NOTE",
    "notice_body",
    "receipt_body",
    "refusal_body",
]

PROVISIONAL_NOTE = "（暂定：跨年节假日安排尚未公布，以实际为准）"
NOTHING_ELSE = "除上述材料外，本机关不再要求您补充其他材料。"
DEFAULT_REMEDY = (
    "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
    "或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。"
)


def receipt_body(doc: CaseDocument, styles: Styles) -> Body:
    """受理通知书: accepted, with the promised date and how to follow the case."""
    due = cn_date(doc.promised_due)
    if doc.promised_due and doc.promised_provisional:
        due += PROVISIONAL_NOTE
    fields = [
        *_parties(doc),
        Field("申请事项", doc.item_name, wide=True),
        Field("承办部门", doc.department),
        Field("收件时间", cn_datetime(doc.received_at)),
        Field("受理日期", cn_date(doc.accepted_on)),
        Field("承诺时限", doc.promised_days),
        Field("承诺办结日期", due, wide=doc.promised_provisional),
    ]
    if doc.legal_due:
        fields.append(Field("法定办结日期", cn_date(doc.legal_due)))
    fields += [
        Field("结果送达方式", doc.delivery_method),
        Field("咨询电话", doc.hall.phone),
        Field("查询密码", doc.query_password),
        Field("办件查询", doc.query_hint, wide=True),
    ]
    content: list[Flowable] = [
        para(f"{doc.applicant.name}：", styles.body),
        para(
            f"您于{cn_datetime(doc.received_at)}提交的“{doc.item_name}”申请，申请材料齐全、"
            "符合法定形式，本机关决定予以受理。现将有关事项告知如下：",
            styles.letter,
        ),
        field_grid(fields, styles),
        para("已收材料", styles.heading),
        _materials_or_none(doc, styles),
    ]
    if doc.notes:
        content += [para("注意事项", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(Signer("申请人签收"), Signer("经办人", doc.clerk_name)),
        copies="本通知书一式两份，申请人和受理机关各执一份。",
        issued_on=doc.accepted_on,
    )


def notice_body(doc: CaseDocument, styles: Styles) -> Body:
    """一次性告知书: every material still missing or not in legal form, told at once."""
    needed = wanting(doc.materials)
    rows = [
        (str(i), m.name, f"{m.form}　{m.copies}份", m.status, m.problem or m.status)
        for i, m in enumerate(needed, start=1)
    ]
    content: list[Flowable] = [
        para(f"{doc.applicant.name}：", styles.body),
        para(
            f"您于{cn_datetime(doc.received_at)}提交的“{doc.item_name}”申请材料，经审查，"
            "尚不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，"
            "现将需要补正的全部内容一次性告知如下，请补正后再行提交。",
            styles.letter,
        ),
        field_grid(
            [
                *_parties(doc),
                Field("申请事项", doc.item_name, wide=True),
                Field("承办部门", doc.department),
                Field("收件时间", cn_datetime(doc.received_at)),
            ],
            styles,
        ),
        para("一、已收材料", styles.heading),
        _materials_or_none(doc, styles),
        para("二、需要补正的材料", styles.heading),
        item_table(
            ("序号", "材料名称", "形式及份数", "情形", "补正要求"),
            rows,
            (1.2, 5, 2.6, 2, 6),
            styles,
            centered=(0, 3),
        )
        if rows
        else para("无", styles.body),
        para(NOTHING_ELSE, styles.strong),
        para(f"补齐材料后请到{doc.hall.name}窗口提交，咨询电话：{doc.hall.phone}。", styles.letter),
    ]
    if doc.notes:
        content += [para("说明", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(Signer("申请人签收"), Signer("经办人", doc.clerk_name)),
        copies="本告知书一式两份，申请人和受理机关各执一份。",
    )


def refusal_body(doc: CaseDocument, styles: Styles) -> Body:
    """不予受理通知书: the reason and the applicant's remedy."""
    content: list[Flowable] = [
        para(f"{doc.applicant.name}：", styles.body),
        para(
            f"您于{cn_datetime(doc.received_at)}提交的“{doc.item_name}”申请，经审查，"
            "本机关决定不予受理。",
            styles.letter,
        ),
        field_grid(
            [
                *_parties(doc),
                Field("申请事项", doc.item_name, wide=True),
                Field("承办部门", doc.department),
                Field("收件时间", cn_datetime(doc.received_at)),
            ],
            styles,
        ),
        para("不予受理的理由", styles.heading),
        para(doc.refusal_reason or "（未填写）", styles.letter),
    ]
    kept = received(doc.materials)
    if kept:
        content += [para("收到的材料", styles.heading), materials_table(kept, styles)]
    content += [
        para("救济途径", styles.heading),
        para(doc.remedy_text or DEFAULT_REMEDY, styles.letter),
    ]
    if doc.notes:
        content += [para("说明", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(Signer("申请人签收"), Signer("经办人", doc.clerk_name)),
        copies="本通知书一式两份，申请人和受理机关各执一份。",
    )


def _parties(doc: CaseDocument) -> list[Field]:
    fields = party_fields("申请人", doc.applicant)
    if doc.proxy is not None:
        fields += party_fields("委托代理人", doc.proxy, contact=False)
    return fields


def _materials_or_none(doc: CaseDocument, styles: Styles) -> Flowable:
    kept = received(doc.materials)
    return materials_table(kept, styles) if kept else para("无", styles.body)
