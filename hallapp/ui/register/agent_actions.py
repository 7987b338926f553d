"""The agent-service actions of the case view (代办, 材料交接, 转报, 送达): each asks in a
dialog, then makes one service call through the executor and reports back in words
(``done``) or with the service's refusal (``failed``). Nothing changes on a refusal:
every call is one transaction in the services, which also check state and role.

What the dialogs need (the case's agents, its materials and who holds them, its forwards)
is read with the case, on the worker, as :class:`AgentData`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog

from hallapp.core.custody import Party
from hallapp.core.lifecycle import State
from hallapp.services.agents import (
    AgentKind,
    AgentServiceForm,
    AgentServiceView,
    AgentView,
    VillagePointView,
)
from hallapp.services.cases import CaseDetail
from hallapp.services.custody import AGENT_PARTY, CustodyView, HandoverForm, HandoverView
from hallapp.services.delivery import DeliveryForm, DeliveryView
from hallapp.services.facade import HallServices
from hallapp.services.forwarding import (
    ForwardForm,
    ForwardResult,
    ForwardView,
    ReplyForm,
    ReplyResult,
)
from hallapp.ui.register.agent_dialogs import AgentServiceDialog, ReassignDialog
from hallapp.ui.register.case_actions import CaseActions
from hallapp.ui.register.custody_dialog import HandoverDialog, party_choices
from hallapp.ui.register.delivery_dialog import DeliveryDialog
from hallapp.ui.register.forward_dialogs import ForwardDialog, ReplyDialog


@dataclass(frozen=True)
class AgentData:
    service: AgentServiceView | None
    custody: CustodyView
    forwards: list[ForwardView]
    agents: list[AgentView]  # the active agents of the registry
    points: list[VillagePointView]

    def case_agents(self) -> list[AgentView]:
        """The agents this case has had, and the agent of its village point."""
        if self.service is None:
            return []
        ids = [a.agent_id for a in reversed(self.service.assignments)]
        point = next((p for p in self.points if p.id == self.service.village_point_id), None)
        if point is not None and point.agent_on_duty_id is not None:
            ids.append(point.agent_on_duty_id)
        by_id = {a.id: a for a in self.agents}
        seen: list[AgentView] = []
        for agent_id in ids:
            agent = by_id.get(agent_id)
            if agent is not None and agent not in seen:
                seen.append(agent)
        return seen


def read_agent_data(services: HallServices, case_id: int, today: date) -> AgentData:
    """On the worker, with the case."""
    return AgentData(
        services.agent_service(case_id),
        services.custody_view(case_id, today),
        services.forwards_of(case_id, today),
        services.list_agents(),
        services.list_village_points(),
    )


def _agent_party(agent: AgentView) -> Party:
    return Party(AGENT_PARTY[AgentKind(agent.kind)], str(agent.id), agent.name)


class AgentActions(CaseActions):
    handed_over = Signal(int)  # the id of the record just written: offer the slip

    # 代办 ----------------------------------------------------------------------------------
    def ask_register(self, detail: CaseDetail, data: AgentData) -> QDialog:
        dialog = AgentServiceDialog(
            detail.number, data.agents, data.points, detail.received_at.date(), self._parent
        )
        dialog.confirmed.connect(lambda form: self.register(detail.id, form))
        dialog.open()
        return dialog

    def register(self, case_id: int, form: AgentServiceForm) -> None:
        self._run(
            lambda: self._services.put_under_agent_service(case_id, form),
            lambda v: f"已登记代办：代办员{v.agent_name}，等待代办员接收",
        )

    def ask_reassign(self, detail: CaseDetail, data: AgentData) -> QDialog | None:
        if data.service is None:
            return None
        service = data.service
        dialog = ReassignDialog(
            detail.number, data.agents, service.agent_id, service.agent_name, self._parent
        )
        dialog.confirmed.connect(
            lambda agent_id, reason: self.reassign(detail.id, agent_id, reason)
        )
        dialog.open()
        return dialog

    def reassign(self, case_id: int, agent_id: int, reason: str) -> None:
        self._run(
            lambda: self._services.reassign(case_id, agent_id, reason),
            lambda v: f"已更换代办员为{v.agent_name}，等待其接收",
        )

    def accept(self, case_id: int) -> None:
        self._run(
            lambda: self._services.accept_assignment(case_id),
            lambda v: f"{v.agent_name}已接收本办件的代办",
        )

    # 材料交接 ------------------------------------------------------------------------------
    def _choices(self, detail: CaseDetail, data: AgentData) -> list[Any]:
        departments = list(dict.fromkeys(f.department for f in data.forwards))
        agents = [_agent_party(a) for a in data.case_agents()]
        return party_choices(detail.applicant_name, agents, departments)

    def ask_handover(
        self, detail: CaseDetail, data: AgentData, corrects: HandoverView | None = None
    ) -> QDialog:
        dialog = HandoverDialog(
            detail.number,
            self._choices(detail, data),
            data.custody.holdings,
            corrects,
            self._parent,
        )
        dialog.confirmed.connect(lambda form: self.hand_over(detail.id, form))
        dialog.open()
        return dialog

    def hand_over(self, case_id: int, form: HandoverForm) -> None:
        def said(v: HandoverView) -> str:
            if v.corrects is not None:
                return f"已登记第{v.id}号交接记录，更正第{v.corrects}号"
            return f"已登记第{v.id}号交接：{v.giver.label} → {v.receiver.label}"

        self._run(
            lambda: self._services.record_handover(case_id, form),
            said,
            lambda v: self.handed_over.emit(v.id),
        )

    # 转报 ----------------------------------------------------------------------------------
    def ask_forward(self, detail: CaseDetail, data: AgentData) -> QDialog:
        waiting = {f.department for f in data.forwards if f.pending}
        suggested = detail.department if detail.department not in waiting else ""
        dialog = ForwardDialog(detail.number, suggested, self._parent)
        dialog.confirmed.connect(lambda form: self.forward(detail.id, form))
        dialog.open()
        return dialog

    def forward(self, case_id: int, form: ForwardForm) -> None:
        def said(r: ForwardResult) -> str:
            names = "、".join(f.department for f in r.forwards)
            return f"已转报{names}" + ("，办件进入“转报”" if r.entered else "（联合审批）")

        self._run(lambda: self._services.forward(case_id, form), said)

    def ask_reply(self, detail: CaseDetail, data: AgentData) -> QDialog | None:
        pending = [f for f in data.forwards if f.pending]
        if not pending:
            return None
        materials = [h.material for h in data.custody.holdings]
        dialog = ReplyDialog(detail.number, pending, materials, self._parent)
        dialog.confirmed.connect(lambda forward_id, form: self.reply(forward_id, form))
        dialog.open()
        return dialog

    def reply(self, forward_id: int, form: ReplyForm) -> None:
        def said(r: ReplyResult) -> str:
            text = f"已登记{r.forward.department}的答复：{r.forward.reply.label}"
            if not r.all_replied:
                return text + "；仍在等待其他部门答复"
            if r.state is State.SUPPLEMENT_AFTER_ACCEPTANCE:
                return text + "；办件转入“补正”，暂停计时，请一次性告知申请人补充材料"
            return text + f"；各部门均已答复，办件回到“{r.state.label}”"

        self._run(lambda: self._services.record_reply(forward_id, form), said)

    # 送达 ----------------------------------------------------------------------------------
    def ask_delivery(self, detail: CaseDetail, data: AgentData) -> QDialog:
        agents: list[tuple[int, str]] = []
        if data.service is not None:
            agents.append((data.service.agent_id, data.service.agent_name))
        dialog = DeliveryDialog(detail.number, detail.applicant_name, agents, self._parent)
        dialog.confirmed.connect(lambda form: self.deliver(detail.id, form))
        dialog.open()
        return dialog

    def deliver(self, case_id: int, form: DeliveryForm) -> None:
        def said(v: DeliveryView) -> str:
            text = f"已送达（{v.method.label}，签收人{v.recipient_name}），办件已办结归档"
            if v.invite_evaluation:
                text += "。可以邀请申请人对本次服务作出评价（好差评）"
            return text

        self._run(lambda: self._services.deliver(case_id, form), said)

    # doing ---------------------------------------------------------------------------------
