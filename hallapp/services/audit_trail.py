"""The audit trail (审计记录) of one case or one staff member, for the supervisor.

Details are summarised for reading, with ID numbers masked: the trail is shown on
screens and terminals, and whoever reads it needs to see what happened, not the number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select

from hallapp.core.identity import mask_id
from hallapp.db import repositories as repo
from hallapp.db.models import AuditRecord, Case, Staff
from hallapp.db.uow import UnitOfWork
from hallapp.errors import NotFound
from hallapp.services.actors import COMMAND_LINE, Actor, Role, require_any
from hallapp.services.audit_verify import ChainReport, verify_chain

SUMMARY_LENGTH = 120
# Resident ID numbers (18 characters, or the old 15 digits) standing alone in a text.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


# The Chinese name of each action code the services write; an unknown code is shown as is.
ACTION_LABELS = {
    "case.receive": "收件",
    "case.issue_notice": "出具补正告知",
    "case.supplement_received": "补正材料收讫",
    "case.accept": "受理",
    "case.refuse": "不予受理",
    "case.complete_on_the_spot": "即来即办办结",
    "case.start_handling": "开始办理",
    "case.forward": "转报",
    "case.forward_replied": "转报回复",
    "case.submit_for_review": "提交审核",
    "case.approve": "审核通过",
    "case.deny": "审核不通过",
    "case.complete": "办结",
    "case.deliver": "送达",
    "case.withdraw": "撤回",
    "case.return_case": "退件",
    "case.void": "作废",
    "case.request_supplement": "要求补正",
    "case.supplement_done": "补正完成",
    "case.start_special_procedure": "进入特别程序",
    "case.end_special_procedure": "结束特别程序",
    "case.extension_request": "申请延期",
    "case.extension_approved": "批准延期",
    "case.extension_refused": "不批准延期",
    "case.handover": "材料交接",
    "case.agent_service": "委托代办",
    "case.agent_reassign": "更换代办员",
    "case.agent_accept": "代办员接单",
    "case.reveal_id": "查看完整证件号",
    "print.receipt": "打印受理通知书",
    "print.notice": "打印一次性告知书",
    "print.refusal": "打印不予受理通知书",
    "print.bill": "打印收费收据",
    "print.pickup": "打印办结通知书",
    "print.delivery": "打印送达回证",
    "print.authorisation": "打印代办委托书",
    "print.handover": "打印材料交接单",
    "print.guide": "打印办事指南",
    "print.morning_list": "打印晨会清单",
    "print.run_sheet": "打印代办路单",
    "print.complaint": "打印效能投诉登记处理单",
    "evaluation.record": "登记评价",
    "follow_up.open": "开启回访整改",
    "follow_up.close": "回访整改办结",
    "complaint.register": "登记效能投诉",
    "complaint.assign": "指定投诉承办人",
    "complaint.findings": "记录投诉调查结果",
    "complaint.reply": "答复投诉人",
    "complaint.extend": "投诉办理延期",
    "complaint.close": "投诉办结",
    "login.ok": "登录",
    "login.failed": "登录失败",
    "login.locked": "账户锁定",
    "login.refused": "拒绝登录",
    "password.change": "修改密码",
    "password.reset": "重置密码",
    "password.set": "设置密码",
    "staff.add": "添加工作人员",
    "staff.unlock": "解除锁定",
    "staff.first_admin": "创建首个管理员",
    "permission.refused": "权限拒绝",
    "hall.create": "创建服务中心",
    "hall.update": "修改中心信息",
    "settings.update": "修改设置",
    "calendar.set_day": "修改工作日历",
    "calendar.reset_day": "恢复工作日历",
    "calendar.import": "导入工作日历",
    "catalogue.import": "导入事项目录",
    "agent.create": "添加代办员",
    "agent.update": "修改代办员",
    "village_point.create": "添加代办点",
    "village_point.update": "修改代办点",
    "sync.configure": "配置同步",
    "sync.retry_parked": "重试搁置批次",
    "sync.export": "导出同步批次到U盘",
    "sync.ack_import": "读入县级平台确认文件",
    "database.check_failed": "数据库检查未通过",
    "report.export": "导出报表",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class TrailLine:
    record_id: int
    at: datetime
    actor_name: str
    action: str
    entity: str
    entity_id: str
    summary: str

    @property
    def label(self) -> str:
        return action_label(self.action)


@dataclass(frozen=True)
class Trail:
    subject: str  # 办件 430121104000-20260302-0001, 工作人员 张敏（zhangmin）
    total: int
    lines: list[TrailLine]  # the newest ``limit`` records, oldest first


def mask_ids_in(text: str) -> str:
    return _ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)


def summarise(detail: str) -> str:
    """``key=value`` pairs of the detail's JSON, ID numbers masked, cut to a line."""
    try:
        data = json.loads(detail)
    except ValueError:
        data = detail
    if isinstance(data, dict):
        parts = [
            f"{key}={value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
            for key, value in data.items()
        ]
        text = "，".join(parts)
    else:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    text = mask_ids_in(text)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def case_trail(uow: UnitOfWork, actor: Actor, number: str, limit: int = 200) -> Trail:
    """Every audit record of the case numbered ``number``, its rating and 回访整改 among
    them (those are kept under the case's number: entity ``evaluation``)."""
    require_any(actor, "查看审计记录", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        case_id = uow.session.scalar(select(Case.id).where(Case.number == number))
        if case_id is None:
            raise NotFound(f"没有编号为 {number} 的办件")
        where = or_(
            and_(AuditRecord.entity == "case", AuditRecord.entity_id == str(case_id)),
            and_(AuditRecord.entity == "evaluation", AuditRecord.entity_id == number),
        )
        return _trail(uow, f"办件 {number}", where, limit)


def user_trail(uow: UnitOfWork, actor: Actor, login: str, limit: int = 200) -> Trail:
    """What the staff member with ``login`` did, and what was done to their account."""
    require_any(actor, "查看审计记录", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        if login == COMMAND_LINE.login:
            where: ColumnElement[bool] = AuditRecord.actor_id.is_(None)
            return _trail(uow, f"{COMMAND_LINE.name}（{login}）", where, limit)
        staff = repo.staff_by_login(uow.session, login)
        if staff is None:
            raise NotFound(f"没有登录名为 {login} 的工作人员")
        where = or_(
            AuditRecord.actor_id == staff.id,
            and_(AuditRecord.entity == "staff", AuditRecord.entity_id.in_([str(staff.id), login])),
        )
        return _trail(uow, f"工作人员 {staff.name}（{login}）", where, limit)


@dataclass(frozen=True)
class TrailSubject:
    login: str
    name: str


def trail_subjects(uow: UnitOfWork, actor: Actor) -> list[TrailSubject]:
    """Whose trail can be read: every staff member (active or not), then the command line."""
    require_any(actor, "查看审计记录", Role.SUPERVISOR, Role.ADMIN)
    with uow:
        rows = uow.session.execute(select(Staff.login, Staff.name).order_by(Staff.login)).all()
    return [TrailSubject(r.login, r.name) for r in rows] + [
        TrailSubject(COMMAND_LINE.login, COMMAND_LINE.name)
    ]


def verify_trail(uow: UnitOfWork, actor: Actor) -> ChainReport:
    """校验审计链: the whole chain walked, for the supervisor's screen."""
    require_any(actor, "校验审计链", Role.SUPERVISOR, Role.ADMIN)
    return verify_chain(uow)


def _trail(uow: UnitOfWork, subject: str, where: ColumnElement[bool], limit: int) -> Trail:
    session = uow.session
    total = session.scalar(select(func.count()).select_from(AuditRecord).where(where)) or 0
    rows = session.execute(
        select(
            AuditRecord.id,
            AuditRecord.at,
            AuditRecord.actor_name,
            AuditRecord.action,
            AuditRecord.entity,
            AuditRecord.entity_id,
            AuditRecord.detail,
        )
        .where(where)
        .order_by(AuditRecord.id.desc())
        .limit(limit)
    ).all()
    lines = [
        TrailLine(r.id, r.at, r.actor_name, r.action, r.entity, r.entity_id, summarise(r.detail))
        for r in reversed(rows)
    ]
    return Trail(subject, total, lines)
