"""The 效能投诉 form at registration: what the clerk types, checked field by field, and
whom the complaint is about as the record keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core.complaints import (
    COMPLAINT_DAYS_DEFAULT,
    COMPLAINT_DAYS_RANGE,
    ComplaintChannel,
    SubjectKind,
)
from hallapp.core.contact import InvalidPhone, check_phone
from hallapp.db import repositories as repo
from hallapp.db.models import Agent, Case, ItemVersion
from hallapp.services.complaint_records import case_subject_label, staff_subject_label
from hallapp.services.complaint_views import checked_text

MAX_NAME = 60
MAX_DEPARTMENT = 100


@dataclass(frozen=True)
class ComplaintForm:
    channel: ComplaintChannel
    anonymous: bool
    complainant_name: str
    complainant_phone: str
    subject_kind: SubjectKind
    subject_staff_login: str | None
    subject_agent_id: int | None
    subject_case_number: str | None
    subject_department: str
    content: str
    days: int = COMPLAINT_DAYS_DEFAULT


def form_columns(form: ComplaintForm, problems: list[str]) -> dict[str, Any]:
    """The columns the form gives by itself, with every problem of it in ``problems``."""
    columns: dict[str, Any] = {"anonymous": bool(form.anonymous)}
    try:
        columns["channel"] = ComplaintChannel(form.channel).value
    except ValueError:
        problems.append("投诉渠道：请选择窗口、电话、12345热线、信件或网上")
    name = phone = ""
    if not form.anonymous:
        name = form.complainant_name.strip()
        if not name:
            problems.append("投诉人姓名：实名投诉须填写姓名，不愿留名请选择匿名")
        elif len(name) > MAX_NAME:
            problems.append(f"投诉人姓名：不能超过{MAX_NAME}个字")
        if form.complainant_phone.strip():
            try:
                phone = check_phone(form.complainant_phone)
            except InvalidPhone as exc:
                problems.append(f"联系电话：{exc.message}")
    # An anonymous complaint keeps nothing that names the complainant, whatever was typed.
    columns.update(complainant_name=name, complainant_phone=phone)
    columns["content"] = checked_text(form.content, "投诉内容", problems)
    low, high = COMPLAINT_DAYS_RANGE
    if not low <= form.days <= high:
        problems.append(f"办理时限：须为{low}至{high}个工作日（现为{form.days}）")
    columns["days"] = form.days
    return columns


def subject_columns(session: Session, form: ComplaintForm, problems: list[str]) -> dict[str, Any]:
    """Whom the complaint is about, as the record keeps it and its label reads now."""
    try:
        kind = SubjectKind(form.subject_kind)
    except ValueError:
        problems.append("投诉对象：请选择工作人员、代办员、部门或办件")
        return {}
    found: dict[str, Any] = {
        "subject_kind": kind.value,
        "subject_staff_id": None,
        "subject_agent_id": None,
        "subject_case_id": None,
        "subject_department": "",
        "subject_label": "",
    }
    if kind is SubjectKind.CLERK:
        login = (form.subject_staff_login or "").strip()
        staff = repo.staff_by_login(session, login) if login else None
        if not login:
            problems.append("投诉对象：请选择被投诉的工作人员")
        elif staff is None:
            problems.append(f"投诉对象：找不到登录名为 {login} 的工作人员")
        else:
            found.update(
                subject_staff_id=staff.id,
                subject_label=staff_subject_label(staff.name, staff.window),
            )
    elif kind is SubjectKind.AGENT:
        agent = session.get(Agent, form.subject_agent_id) if form.subject_agent_id else None
        if form.subject_agent_id is None:
            problems.append("投诉对象：请选择被投诉的代办员")
        elif agent is None:
            problems.append(f"投诉对象：找不到代办员 {form.subject_agent_id}")
        else:
            found.update(subject_agent_id=agent.id, subject_label=agent.name)
    elif kind is SubjectKind.CASE:
        number = (form.subject_case_number or "").strip()
        row = None
        if number:
            row = session.execute(
                select(Case.id, ItemVersion.name, ItemVersion.department)
                .join(ItemVersion, ItemVersion.id == Case.item_version_id)
                .where(Case.number == number)
            ).first()
        if not number:
            problems.append("投诉对象：请填写被投诉的办件编号")
        elif row is None:
            problems.append(f"投诉对象：找不到办件 {number}")
        else:
            found.update(
                subject_case_id=row[0],
                subject_department=row[2],
                subject_label=case_subject_label(number, row[1]),
            )
    else:
        department = form.subject_department.strip()
        if not department:
            problems.append("投诉对象：请填写被投诉的部门")
        elif len(department) > MAX_DEPARTMENT:
            problems.append(f"投诉对象：部门名称不能超过{MAX_DEPARTMENT}个字")
        else:
            found.update(subject_department=department, subject_label=department)
    return found
