"""Papers of agent service (代办): 代办委托书, by which the applicant authorises an agent,
and 材料交接单, which records every hand-over of materials so that who holds which
original is always known."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hallapp.documents.a4_parts import (
    Body,
    Field,
    Signer,
    Styles,
    cn_date,
    field_grid,
    held,
    item_table,
    materials_table,
    numbered,
    para,
    party_fields,
)
from hallapp.documents.model import CaseDocument, PartyInfo

__all__ = ["authorisation_body", "handover_body"]

_NOBODY = PartyInfo(name="", document_type="", masked_number="")


def authorisation_body(doc: CaseDocument, styles: Styles) -> Body:
    """代办委托书: the applicant authorises the agent, within a stated scope."""
    agent = doc.proxy or _NOBODY
    scope = doc.authorisation_scope or "代为提交申请材料、领取办理结果"
    content: list[Flowable] = [
        para(
            f"委托人{doc.applicant.name}自愿委托{agent.name or '＿＿＿＿'}为代办人，"
            f"代为办理“{doc.item_name}”事项。委托权限：{scope}。",
            styles.letter,
        ),
        para(
            "代办服务免费，依法应当缴纳的费用由委托人承担。委托人对所提交材料的真实性负责；"
            "代办人应当妥善保管所交接的材料，不得超越委托权限办理。",
            styles.letter,
        ),
        para("委托人", styles.heading),
        field_grid(party_fields("委托人", doc.applicant), styles),
        para("受托人（代办人）", styles.heading),
        field_grid(party_fields("受托人", agent), styles),
        para("委托事项", styles.heading),
        field_grid(
            [
                Field("委托事项", doc.item_name, wide=True),
                Field("承办部门", doc.department, wide=True),
                Field("委托权限", scope, wide=True),
            ],
            styles,
        ),
    ]
    entrusted = held(doc.materials)
    if entrusted:
        content += [para("委托交付的材料", styles.heading), materials_table(entrusted, styles)]
    if doc.notes:
        content += [para("说明", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(
            Signer("委托人（签名或按手印）"),
            Signer("受托人（签名）"),
            Signer("经办人", doc.clerk_name),
        ),
        copies="本委托书一式三份，委托人、受托人和受理机关各执一份。",
    )


def handover_body(doc: CaseDocument, styles: Styles) -> Body:
    """材料交接单: the materials passing from one holder to the next, counted together."""
    materials = held(doc.materials)
    rows = []
    originals = copies = 0
    for i, m in enumerate(materials, start=1):
        original, copy = "原件" in m.form, "复印件" in m.form
        originals += original
        copies += copy
        remark = m.problem or ("原件已核验" if m.original_seen else "")
        rows.append(
            (str(i), m.name, "√" if original else "", "√" if copy else "", str(m.copies), remark)
        )
    fields = [
        Field("申请人", doc.applicant.name),
        Field("交接日期", cn_date(doc.printed_on)),
        Field("申请事项", doc.item_name, wide=True),
        Field("移交方", doc.handover_from, wide=True),
        Field("接收方", doc.handover_to, wide=True),
    ]
    if doc.proxy is not None:
        fields.insert(2, Field("代办人", doc.proxy.name, wide=True))
    content: list[Flowable] = [
        field_grid(fields, styles),
        para("交接材料", styles.heading),
        item_table(
            ("序号", "材料名称", "原件", "复印件", "份数", "备注"),
            rows,
            (1.2, 7.5, 1.2, 1.5, 1.2, 4),
            styles,
            centered=(0, 2, 3, 4),
        )
        if rows
        else para("无", styles.body),
        Spacer(0, 2 * mm),
        para(
            f"共{len(materials)}项，其中原件{originals}项、复印件{copies}项。"
            "以上材料经交接双方当面清点，确认无误。",
            styles.letter,
        ),
    ]
    if doc.notes:
        content += [para("备注", styles.heading), *numbered(doc.notes, styles)]
    return Body(
        content,
        signers=(Signer("移交人签名"), Signer("接收人签名")),
        copies="本交接单一式两份，交接双方各执一份。",
    )
