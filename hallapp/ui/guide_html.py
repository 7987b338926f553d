"""The item guide (办事指南) as HTML for the catalogue view."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from hallapp.services.catalogue import ItemGuide


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemGuide", text)


def _money(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d} 元"


def _para(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines()) or "—"


def guide_html(guide: ItemGuide) -> str:
    spec = guide.spec
    rows = [
        (_tr("实施编码"), escape(spec.code)),
        (_tr("基本编码"), escape(spec.basic_code)),
        (_tr("事项类型"), escape(spec.item_type)),
        (_tr("实施部门"), escape(spec.department)),
        (_tr("实施主体"), escape(spec.implementing_body) or "—"),
        (_tr("法定时限"), escape(spec.legal_limit.describe())),
        (_tr("承诺时限"), escape(spec.promised_limit.describe())),
        (_tr("办理方式"), escape(spec.handling.label)),
        (_tr("代办服务"), _tr("提供代办") if spec.agent_service else _tr("不提供代办")),
        (_tr("咨询电话"), escape(spec.contact_phone) or "—"),
        (_tr("目录版本"), str(guide.version)),
    ]
    facts = "".join(f"<tr><th align='left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    materials = (
        "".join(
            "<tr>"
            f"<td>{i}</td><td>{escape(m.name)}</td><td>{escape(m.form.label)}</td>"
            f"<td align='center'>{m.copies}</td>"
            f"<td align='center'>{_tr('必需') if m.required else _tr('选交')}</td>"
            f"<td>{escape(m.notes)}</td></tr>"
            for i, m in enumerate(spec.materials, start=1)
        )
        or f"<tr><td colspan='6'>{_tr('无需提交材料')}</td></tr>"
    )
    if spec.fees:
        fees = "".join(
            f"<tr><td>{escape(f.name)}</td><td align='right'>{_money(f.amount_fen)}</td>"
            f"<td>{escape(f.basis)}</td></tr>"
            for f in spec.fees
        )
        fee_block = (
            f"<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            f"<tr><th>{_tr('收费项目')}</th><th>{_tr('金额')}</th><th>{_tr('依据')}</th></tr>"
            f"{fees}</table>"
        )
    else:
        fee_block = f"<p>{_tr('不收费')}</p>"
    return (
        f"<h2>{escape(spec.name)}</h2>"
        f"<table cellspacing='0' cellpadding='3'>{facts}</table>"
        f"<h3>{_tr('设定依据')}</h3><p>{_para(spec.legal_basis)}</p>"
        f"<h3>{_tr('受理条件')}</h3><p>{_para(spec.conditions)}</p>"
        f"<h3>{_tr('申请材料')}</h3>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        f"<tr><th width='6%'>{_tr('序号')}</th><th width='40%'>{_tr('材料名称')}</th>"
        f"<th width='14%'>{_tr('形式')}</th><th width='8%'>{_tr('份数')}</th>"
        f"<th width='8%'>{_tr('要求')}</th><th>{_tr('说明')}</th></tr>"
        f"{materials}</table>"
        f"<h3>{_tr('收费标准')}</h3>{fee_block}"
        f"<h3>{_tr('办理流程')}</h3><p>{_para(spec.flow)}</p>"
        + (f"<h3>{_tr('备注')}</h3><p>{_para(spec.notes)}</p>" if spec.notes else "")
    )
