"""Counts and reconcile for every synced entity against the county hub's real app (uvicorn
on loopback): what the hub lost or holds otherwise is queued again exactly, rebuilt as the
live writers built it, and an entity whose counts agree costs no digest at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select, update

from hallapp.app import AppContext
from hallapp.core.complaints import ComplaintChannel, SubjectKind
from hallapp.core.custody import APPLICANT, WINDOW, HandoverItem
from hallapp.core.evaluation import EvaluationChannel, Rating
from hallapp.db.models import Case, OutboxEntry
from hallapp.hub.schema import records
from hallapp.hub.store import HubStore
from hallapp.services import (
    agents,
    complaints,
    custody,
    delivery,
    evaluations,
    forwarding,
    sync,
    sync_reconcile,
)
from hallapp.services import sync_reconcile_records as by_record
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.custody import HandoverForm
from hallapp.services.delivery import DeliveryForm, DeliveryMethod
from hallapp.services.demo_cases import generate_cases
from hallapp.services.sync import SyncProgress
from hallapp.services.sync_reconcile import hall_counts
from tests.integration.test_forwarding import (
    APPROVED,
    SENT,
    accepted_case,
    agent_named,
    completed_case,
    two_departments,
)
from tests.sync.conftest import HALL
from tests.ui.test_register_support import ID_ZHANG, MONDAY, make_case, resident_id

TODAY = date(2026, 12, 1)
ENTITIES = (
    "agent_service",
    "case",
    "complaint",
    "delivery",
    "evaluation",
    "event",
    "forward",
    "handover",
)
Hashes = dict[tuple[str, str], str]


class Recording(httpx.HTTPTransport):
    """Real HTTP to the hub, with every path and query kept; ``fail`` answers 503 to the
    digest requests of one entity, ``times`` times (or always)."""

    def __init__(self, fail: str = "", times: int | None = None) -> None:
        super().__init__()
        self.asked: list[str] = []
        self.fail, self.times = fail, times

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        asked = f"{request.url.path}?{request.url.query.decode()}"
        self.asked.append(asked)
        if self.fail and f"entity={self.fail}&" in asked and self.times != 0:
            self.times = None if self.times is None else self.times - 1
            return httpx.Response(503, json={"error": "busy", "message": "忙"})
        return super().handle_request(request)

    def digests(self) -> list[str]:
        """The entity of every digest request, in order."""
        return [a.split("entity=")[1].split("&")[0] for a in self.asked if "/digest?" in a]


def no_sleep(_seconds: float) -> None:
    raise AssertionError("nothing here is transient: no retry expected")


def last_seq(ctx: AppContext) -> int:
    with ctx.read_uow() as uow:
        return int(uow.session.scalar(select(func.max(OutboxEntry.seq))) or 0)


def queued_since(ctx: AppContext, mark: int) -> list[tuple[str, str, str]]:
    with ctx.read_uow() as uow:
        found = uow.session.execute(
            select(OutboxEntry.entity, OutboxEntry.entity_id, OutboxEntry.op)
            .where(OutboxEntry.seq > mark)
            .order_by(OutboxEntry.seq)
        ).all()
    return [(e, i, o) for e, i, o in found]


def of_cases(ctx: AppContext) -> list[str]:
    with ctx.read_uow() as uow:
        return list(uow.session.scalars(select(Case.number).order_by(Case.id)))


def of(hashes: Hashes, entity: str) -> list[str]:
    """The ids of ``entity`` at the hub, sorted."""
    return sorted(i for e, i in hashes if e == entity)


def lose(hub_store: HubStore, *which: tuple[str, str]) -> None:
    with hub_store.engine.begin() as conn:
        for entity, entity_id in which:
            gone = conn.execute(
                delete(records).where(records.c.entity == entity, records.c.entity_id == entity_id)
            ).rowcount
            assert gone == 1, (entity, entity_id)


def alter(hub_store: HubStore, entity: str, entity_id: str) -> None:
    with hub_store.engine.begin() as conn:
        changed = conn.execute(
            update(records)
            .where(records.c.entity == entity, records.c.entity_id == entity_id)
            .values(content_hash="0" * 64)
        ).rowcount
        assert changed == 1


def synced(ctx: AppContext, transport: httpx.BaseTransport | None = None, **kw: Any) -> Any:
    result = sync.sync_now(ctx.uow, COMMAND_LINE, transport=transport, **kw)
    assert result.complete, result.error
    return result


def complaint_about(number: str) -> complaints.ComplaintForm:
    return complaints.ComplaintForm(
        channel=ComplaintChannel.HOTLINE,
        anonymous=True,
        complainant_name="",
        complainant_phone="",
        subject_kind=SubjectKind.CASE,
        subject_staff_login=None,
        subject_agent_id=None,
        subject_case_number=number,
        subject_department="",
        content="办理进度无人告知",
    )


@pytest.fixture
def every_kind(online: AppContext, hub_store: HubStore) -> Hashes:
    """Generated cases with every record waiting, and two complaints (ninety cases rarely
    bring one), synced whole; the hub's hashes then."""
    generate_cases(online.uow(), COMMAND_LINE, 90, today=TODAY, outbox="all")
    for number in of_cases(online)[:2]:
        complaints.register_complaint(
            online.uow(), COMMAND_LINE, complaint_about(number), now=datetime(2026, 11, 30, 9)
        )
    first = synced(online, sleep=no_sleep)
    assert first.reconciled == 0  # everything was in the outbox: counts agree at once
    hashes = hub_store.records_hashes(HALL)
    assert {e for e, _ in hashes} == set(ENTITIES)  # every kind is there to lose
    assert hub_store.state(HALL)["counts"] == hall_counts(online.uow())
    return hashes


def test_what_the_hub_lost_or_holds_otherwise_is_queued_again_exactly(
    online: AppContext, hub_store: HubStore, every_kind: Hashes
) -> None:
    before = every_kind
    events, handovers = of(before, "event"), of(before, "handover")
    # Ids that sort as text, not as numbers: NUMBER/10 before NUMBER/9.
    lost = [
        ("event", events[0]),
        ("event", events[len(events) // 2]),
        ("event", events[-1]),
        ("handover", handovers[1]),
        ("forward", of(before, "forward")[0]),
        ("delivery", of(before, "delivery")[-1]),
        ("agent_service", of(before, "agent_service")[2]),
        ("evaluation", of(before, "evaluation")[0]),
        ("evaluation", of(before, "evaluation")[-1]),
        ("complaint", of(before, "complaint")[1]),
    ]
    lose(hub_store, *lost)
    alter(hub_store, "handover", handovers[-1])  # its entity is reconciled: found
    alter(hub_store, "case", of(before, "case")[5])  # case counts agree: not walked
    mark = last_seq(online)

    recording = Recording()
    second = synced(online, recording, sleep=no_sleep)

    requeued = queued_since(online, mark)
    expected = {(e, i, "update") for e, i in [*lost, ("handover", handovers[-1])]}
    assert sorted(requeued) == sorted(expected)
    assert (second.reconciled, second.sent) == (len(expected), len(expected))
    assert sorted(recording.digests()) == [
        "agent_service",
        "complaint",
        "delivery",
        "evaluation",
        "event",
        "forward",
        "handover",
    ]
    after = hub_store.records_hashes(HALL)
    # Rebuilt from the hall's tables, each record hashes as it did when the live writer
    # (here the demo generator, which writes as the live services do) first sent it.
    altered_case = ("case", of(before, "case")[5])
    assert after[altered_case] == "0" * 64
    assert {k: v for k, v in after.items() if k != altered_case} == {
        k: v for k, v in before.items() if k != altered_case
    }

    mark = last_seq(online)
    recording = Recording()
    third = synced(online, recording, sleep=no_sleep)
    assert (third.reconciled, third.sent) == (0, 0)
    assert queued_since(online, mark) == [] and recording.digests() == []


def test_paging_through_ids_that_sort_as_text(
    online: AppContext,
    hub_store: HubStore,
    every_kind: Hashes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Small digest pages and chunks: the hub's order (text) and the hall's (keys) cross
    many page and chunk borders, and every lost record is still found once."""
    monkeypatch.setattr(by_record, "DIGEST_PAGE", 7)
    monkeypatch.setattr(by_record, "CHUNK", 5)
    monkeypatch.setattr(sync_reconcile, "DIGEST_PAGE", 7)
    monkeypatch.setattr(sync_reconcile, "CHUNK", 5)
    lost = [("event", i) for i in of(every_kind, "event")[::9]]
    lost += [("case", i) for i in of(every_kind, "case")[::11]]
    lost += [("handover", i) for i in of(every_kind, "handover")[::4]]
    lose(hub_store, *lost)
    mark = last_seq(online)
    recording = Recording()
    result = synced(online, recording, sleep=no_sleep)
    assert sorted(queued_since(online, mark)) == sorted((e, i, "update") for e, i in lost)
    assert result.reconciled == len(lost)
    still_at_hub = len(of(every_kind, "event")) - len(of(dict.fromkeys(lost, ""), "event"))
    assert recording.digests().count("event") == still_at_hub // 7 + 1  # the last page short
    assert hub_store.records_hashes(HALL) == every_kind


def test_records_made_by_the_live_services_are_rebuilt_as_they_were_sent(
    online: AppContext, hub_store: HubStore, clerk: Actor, supervisor: Actor
) -> None:
    # A delivered case under agent service; a case forwarded to two departments with one
    # reply; a case with a hand-over and its correction, under agent service accepted by
    # one agent and then reassigned to another.
    delivered = completed_case(online, clerk, agent="王芳")
    delivery.deliver(
        online.uow(),
        clerk,
        delivered,
        DeliveryForm(DeliveryMethod.WINDOW, ID_ZHANG),
        now=datetime(2026, 4, 9, 10),
    )
    forwarded = accepted_case(online, clerk, serial=2)
    sent = forwarding.forward(online.uow(), clerk, forwarded, two_departments(), now=SENT)
    forwarding.record_reply(
        online.uow(), clerk, sent.forwards[0].id, APPROVED, now=datetime(2026, 4, 7, 9)
    )
    made = make_case(online, clerk, doc=resident_id(3), name="李四")
    at = MONDAY + timedelta(minutes=5)
    slip = HandoverForm(APPLICANT, WINDOW, (HandoverItem("居民身份证", 1, 2),), at=at)
    first = custody.record_handover(online.uow(), clerk, made.case_id, slip, now=at)
    fixed = HandoverForm(
        APPLICANT, WINDOW, (HandoverItem("居民身份证", 1, 1),), first.id, "复印件份数记错", at
    )
    custody.record_handover(online.uow(), clerk, made.case_id, fixed, now=at)
    form = agents.AgentServiceForm(agent_named(online, "王芳"), "全程代办")
    agents.put_under_agent_service(online.uow(), clerk, made.case_id, form, now=at)
    agents.accept_assignment(online.uow(), supervisor, made.case_id, now=at)
    zhao = agent_named(online, "赵春兰")
    agents.reassign(online.uow(), clerk, made.case_id, zhao, "申请人住东山村", now=at)
    # A bad rating of the delivered case with its follow-up closed, and a complaint about
    # that case taken through to its closing.
    rated = evaluations.record_evaluation(
        online.uow(),
        clerk,
        evaluations.EvaluationForm(delivered, Rating.VERY_DISSATISFIED, EvaluationChannel.PHONE),
        now=datetime(2026, 4, 10, 9),
    )
    assert rated.follow_up is not None
    evaluations.close_follow_up(
        online.uow(), supervisor, rated.follow_up.id, "已回访致歉", datetime(2026, 4, 13, 9)
    )
    about = replace(complaint_about(rated.case_number), anonymous=False, complainant_name="张三")
    cid = complaints.register_complaint(online.uow(), clerk, about, datetime(2026, 4, 10, 10)).id
    later = datetime(2026, 4, 14, 10)
    complaints.record_findings(online.uow(), supervisor, cid, "属实", True, later)
    complaints.record_reply(online.uow(), supervisor, cid, "已答复", later.date(), later)
    complaints.close_complaint(online.uow(), supervisor, cid, True, later)
    synced(online, sleep=no_sleep)
    before = hub_store.records_hashes(HALL)
    assert len(of(before, "forward")) == 2 and len(of(before, "handover")) >= 2
    assert of(before, "evaluation") == [rated.case_number] and len(of(before, "complaint")) == 1

    # The hub loses every record that is not a case.
    lost = [(e, i) for e, i in before if e != "case"]
    lose(hub_store, *lost)
    mark = last_seq(online)
    result = synced(online, sleep=no_sleep)
    assert sorted(queued_since(online, mark)) == sorted((e, i, "update") for e, i in lost)
    assert result.reconciled == len(lost)
    assert hub_store.records_hashes(HALL) == before


def test_progress_counts_every_entity_and_ends_at_the_hall_total(
    online: AppContext, hub_store: HubStore, every_kind: Hashes
) -> None:
    lose(hub_store, ("event", of(every_kind, "event")[3]))
    total = sum(hall_counts(online.uow()).values())
    seen: list[SyncProgress] = []
    synced(online, progress=seen.append, sleep=no_sleep)
    counting = [(p.done, p.total) for p in seen if p.stage == "核对件数"]
    assert counting[0] == (0, total) and counting[-1] == (total, total)
    assert {t for _, t in counting} == {total}
    done = [d for d, _ in counting]
    assert done == sorted(done) and len(done) == len(set(done))  # forward, never twice
    assert len(done) > 2  # the event walk reported on its way


def test_a_digest_that_fails_once_is_retried(
    online: AppContext, hub_store: HubStore, every_kind: Hashes
) -> None:
    gone = ("delivery", of(every_kind, "delivery")[0])
    lose(hub_store, gone)
    waits: list[float] = []
    recording = Recording(fail="delivery", times=1)
    result = synced(online, recording, sleep=waits.append)
    assert len(waits) == 1 and recording.digests() == ["delivery", "delivery"]
    assert result.reconciled == 1
    assert hub_store.records_hashes(HALL) == every_kind


def test_a_hub_that_cannot_answer_the_digest_leaves_nothing_queued_for_it(
    online: AppContext, hub_store: HubStore, every_kind: Hashes
) -> None:
    lose(hub_store, ("forward", of(every_kind, "forward")[0]))
    mark = last_seq(online)
    result = sync.sync_now(
        online.uow,
        COMMAND_LINE,
        transport=Recording(fail="forward"),
        sleep=lambda _s: None,
        attempts=2,
    )
    assert not result.complete and "暂时出错" in result.error
    assert result.reconciled == 0 and queued_since(online, mark) == []
    # The next sync, with the hub answering again, finds it.
    again = synced(online, sleep=no_sleep)
    assert again.reconciled == 1
    assert hub_store.records_hashes(HALL) == every_kind


def test_records_the_hub_holds_and_the_hall_never_had_queue_nothing(
    online: AppContext, hub_store: HubStore, every_kind: Hashes
) -> None:
    some = of(every_kind, "forward")[0]
    with hub_store.engine.begin() as conn:
        row = dict(
            conn.execute(
                select(records).where(records.c.entity == "forward", records.c.entity_id == some)
            )
            .mappings()
            .one()
        )
        row["entity_id"] = f"{HALL}/forward/999999"
        conn.execute(records.insert().values(**row))
    mark = last_seq(online)
    result = synced(online, sleep=no_sleep)
    assert result.reconciled == 0 and queued_since(online, mark) == []
