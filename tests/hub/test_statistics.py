"""The county's statistics are the halls' own: two townships' databases, their outboxes
delivered through the hub's real receiving path, on a SQLite file and on PostgreSQL, and
every figure of ``county_stats`` held against each hall's ``reports.period_stats``.

Hall A is the hand-built hall of tests/integration/test_reports.py (April and May 2026,
one case whose clock stood still for 补正) with two 居民身份证 cases limited in natural
days; hall B is a demo hall with three years of generated cases, ratings and complaints.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.core.lifecycle import Action
from hallapp.core.report_stats import Period
from hallapp.db.models import Case, CasePause, OutboxEntry
from hallapp.hub.calendar import county_calendar
from hallapp.hub.credentials import Credential
from hallapp.hub.database import create_hub_engine, downgrade_engine, upgrade_engine
from hallapp.hub.receive import canonical_json
from hallapp.hub.statistics import COUNTY_NAME, CountyStats, HallFigures, county_stats
from hallapp.hub.store import HubStore
from hallapp.resources import SAMPLE_CATALOGUE
from hallapp.services import cases, catalogue, reports
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.calendar import load_calendar
from hallapp.services.demo import seed_demo
from hallapp.services.demo_cases import generate_cases
from hallapp.services.halls import HallProfile, actor_for, initialise_hall
from hallapp.services.reports_queries import bounds
from hallapp.sync.protocol import Entry, make_batch
from tests.hub.conftest import StepClock, batch_of
from tests.integration.test_reports import PERIOD, build
from tests.support.postgres import PostgresMissing, PostgresServer, start_postgres
from tests.ui.test_register_support import make_case, resident_id

HALL_A = "430121104000"
HALL_B = HallProfile("430121105000", "青山镇便民服务中心")
HALL_C = "430121106000"
ID_CARD = "居民身份证申领（首次申领、到期换领）"  # 20 natural days promised, 60 legal
GENERATED_ON = date(2026, 6, 15)
PERIODS = (
    PERIOD,
    Period.month(2026, 5),
    Period.half_year(2026, first=True),
    Period.year(2025),
    Period(date(2024, 6, 15), date(2026, 6, 15)),
    Period.year(2020),
)
CALENDAR_2027 = Path(__file__).parents[1] / "data" / "calendar-2027-test.json"


@dataclass
class Hall:
    code: str
    ctx: AppContext
    actor: Actor

    def stats(self, period: Period) -> reports.PeriodStats:
        return reports.period_stats(self.ctx.read_uow(), self.actor, period)

    def entries(self) -> list[Entry]:
        with self.ctx.engine.connect() as conn:
            rows = conn.execute(select(OutboxEntry.__table__).order_by(OutboxEntry.seq)).all()
        return [
            Entry(
                r.seq, r.entity, r.entity_id, r.op, json.loads(r.payload), r.created_at.isoformat()
            )
            for r in rows
        ]

    def paused_workdays(self, period: Period) -> int:
        """Working days the clocks of the cases completed in ``period`` stood still."""
        calendar = load_calendar(self.ctx.read_uow())
        first, after = bounds(period)
        with self.ctx.read_uow() as uow:
            pauses = uow.session.execute(
                select(CasePause.start, CasePause.end)
                .join(Case, Case.id == CasePause.case_id)
                .where(
                    Case.state.in_(("completed", "delivered")),
                    Case.closed_at >= first,
                    Case.closed_at < after,
                )
            ).all()
        # Every pause of a completed case has ended.
        return sum(calendar.workdays_between(start, end or start) for start, end in pauses)


def _open(directory: Path) -> AppContext:
    return open_database(
        Settings(directory / "hall.sqlite3", directory / "backups", directory / "config.toml")
    )


def _complete(ctx: AppContext, actor: Actor, serial: int, taken: datetime, done: datetime) -> None:
    made = make_case(ctx, actor, item=ID_CARD, now=taken, name="孙" + "一二"[serial % 2],
                     doc=resident_id(100 + serial))  # fmt: skip
    cases.apply_action(ctx.uow(), actor, made.case_id, Action.START_HANDLING, now=taken)
    cases.apply_action(ctx.uow(), actor, made.case_id, Action.COMPLETE, now=done)


def _hall_a(directory: Path) -> Hall:
    ctx = _open(directory)
    town = build(ctx)
    # Promised 20 natural days: due Wed 05-27, done that day; due Tue 05-26, done 05-28,
    # late, though on time had the 20 days been working days.
    _complete(ctx, town.zhang, 1, datetime(2026, 5, 7, 9), datetime(2026, 5, 27, 16))
    _complete(ctx, town.liu, 2, datetime(2026, 5, 6, 9), datetime(2026, 5, 28, 16))
    return Hall(HALL_A, ctx, town.li)


def _hall_b(directory: Path) -> Hall:
    ctx = _open(directory)
    initialise_hall(ctx.uow(), COMMAND_LINE, HALL_B)
    # The demo generator notifies the due dates of an item limited in natural days as if
    # the days were working days, while the case's clock counts natural days: such a
    # case disagrees with itself. Hall B offers the items counted in working days; hall A
    # has live natural-day cases.
    sample = json.loads(SAMPLE_CATALOGUE.read_text("utf-8"))
    sample["items"] = [
        i
        for i in sample["items"]
        if i["legal_limit"]["unit"] == i["promised_limit"]["unit"] == "working_days"
    ]
    working_days_only = directory / "catalogue.json"
    working_days_only.write_text(json.dumps(sample, ensure_ascii=False), "utf-8")
    catalogue.import_catalogue_file(ctx.uow(), COMMAND_LINE, working_days_only)
    seed_demo(ctx.uow(), COMMAND_LINE)
    generate_cases(ctx.uow(), COMMAND_LINE, 700, seed=12, today=GENERATED_ON, outbox="all")
    return Hall(HALL_B.code, ctx, actor_for(ctx.read_uow(), "lijianguo"))


@pytest.fixture(scope="module")
def halls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Hall, Hall]]:
    made = (
        _hall_a(tmp_path_factory.mktemp("hall-a")),
        _hall_b(tmp_path_factory.mktemp("hall-b")),
    )
    try:
        yield made
    finally:
        for hall in made:
            hall.ctx.close()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    try:
        server = start_postgres()
    except PostgresMissing as exc:
        # Never a skip: the hub runs on PostgreSQL in production.
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def _database(request: pytest.FixtureRequest, directory: Path, name: str) -> str:
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{directory / 'hub.sqlite3'}"
    import psycopg

    server: PostgresServer = request.getfixturevalue("postgres")
    with psycopg.connect(server.dsn("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
    return server.url(name)


def deliver(store: HubStore, hall: Hall, name: str) -> None:
    """The hall's whole outbox, in batches of 500, as its sender delivers it."""
    secret = store.add_hall(hall.code, name).secret
    entries = hall.entries()
    for start in range(0, len(entries), 500):
        store.receive(make_batch(hall.code, secret, entries[start : start + 500]))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def county(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    halls: tuple[Hall, Hall],
) -> Iterator[HubStore]:
    """The county's hub with both halls delivered, and hall C registered but silent."""
    url = _database(request, tmp_path_factory.mktemp("county"), "county_stats")
    store = HubStore(url)
    try:
        deliver(store, halls[0], "示例镇便民服务中心")
        deliver(store, halls[1], HALL_B.name)
        store.add_hall(HALL_C, "白沙乡便民服务中心")
        yield store
    finally:
        store.close()


def _same_counts(county: HallFigures, hall: reports.PeriodStats) -> None:
    assert (county.received, county.completed) == (hall.received, hall.completed)
    assert county.done.on_time_promised_rate == pytest.approx(hall.on_time_promised)
    assert county.done.on_time_legal_rate == pytest.approx(hall.on_time_legal)
    assert (county.agent_cases, county.village_cases) == (hall.agent_cases, hall.village_cases)
    assert dict(county.ratings) == hall.ratings
    assert county.satisfaction_rate == pytest.approx(hall.satisfaction_rate)
    assert (
        county.complaints_received,
        county.complaints_substantiated,
        county.complaints_on_time,
    ) == (
        hall.complaints_received,
        hall.complaints_substantiated,
        hall.complaints_closed_on_time,
    )


def _by_code(stats: CountyStats) -> dict[str, HallFigures]:
    return {f.hall_code: f for f in stats.halls}


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}~{p.end}")
def test_each_hall_has_the_figures_of_its_own_report(
    county: HubStore, halls: tuple[Hall, Hall], period: Period
) -> None:
    figures = _by_code(county_stats(county.engine, period))
    a, b = halls
    for hall in halls:
        _same_counts(figures[hall.code], hall.stats(period))
    # Hall B completed no case with a stopped clock: its timings are the hall's too.
    mine, own = figures[b.code].done, b.stats(period)
    assert mine.avg_days_used == pytest.approx(own.avg_days_used)
    assert mine.avg_promised_days == pytest.approx(own.avg_promised_days)
    assert mine.avg_legal_days == pytest.approx(own.avg_legal_days)
    assert mine.speedup_rate == pytest.approx(own.speedup_rate)
    # Hall A's 补正 is not synced: the hub counts its days as used (statistics.py), and
    # nothing else differs.
    mine, own = figures[a.code].done, a.stats(period)
    assert mine.judged == own.completed
    if own.completed:
        assert own.avg_days_used is not None
        assert mine.days_used == round(own.avg_days_used * own.completed) + a.paused_workdays(
            period
        )
    assert mine.avg_promised_days == pytest.approx(own.avg_promised_days)
    assert mine.avg_legal_days == pytest.approx(own.avg_legal_days)
    assert mine.speedup_rate == pytest.approx(own.speedup_rate)


def test_the_pause_and_the_natural_days_are_in_the_spring(
    county: HubStore, halls: tuple[Hall, Hall]
) -> None:
    """The comparison above covers what it claims: a stopped clock and natural days."""
    a = halls[0]
    assert a.paused_workdays(PERIOD) == 5  # 补正 from Tue 04-14 to Tue 04-21
    own = a.stats(PERIOD)
    assert own.completed == 8  # six hand-counted cases, two 居民身份证
    assert own.on_time_promised == pytest.approx(3 / 8)  # A, C and the first 居民身份证


def test_the_county_total_adds_up_the_halls(county: HubStore, halls: tuple[Hall, Hall]) -> None:
    stats = county_stats(county.engine, PERIODS[2])
    own = [hall.stats(PERIODS[2]) for hall in halls]
    total = stats.total
    assert (total.hall_code, total.hall_name) == ("", COUNTY_NAME)
    assert total.received == sum(s.received for s in own)
    assert total.completed == sum(s.completed for s in own)
    on_time = sum(round((s.on_time_promised or 0) * s.completed) for s in own)
    assert total.done.on_time_promised_rate == pytest.approx(on_time / total.completed)
    on_time_legal = sum(round((s.on_time_legal or 0) * s.completed) for s in own)
    assert total.done.on_time_legal_rate == pytest.approx(on_time_legal / total.completed)
    assert total.agent_cases == sum(s.agent_cases for s in own)
    assert total.village_cases == sum(s.village_cases for s in own)
    assert dict(total.ratings) == {k: sum(s.ratings[k] for s in own) for k in own[0].ratings}
    rated = sum(sum(s.ratings.values()) for s in own)
    good = sum(round((s.satisfaction_rate or 0) * sum(s.ratings.values())) for s in own)
    assert total.satisfaction_rate == pytest.approx(good / rated)
    assert total.complaints_received == sum(s.complaints_received for s in own)
    assert total.complaints_substantiated == sum(s.complaints_substantiated for s in own)
    assert total.complaints_on_time == sum(s.complaints_closed_on_time for s in own)
    assert total.received > 0 and total.completed > 0 and rated > 0


def test_a_hall_that_sent_nothing_has_a_row_with_nothing_to_judge(county: HubStore) -> None:
    stats = county_stats(county.engine, PERIOD)
    assert [f.hall_code for f in stats.halls] == [HALL_A, HALL_B.code, HALL_C]
    silent = stats.halls[2]
    assert (silent.hall_name, silent.received, silent.completed, silent.rated) == (
        "白沙乡便民服务中心",
        0,
        0,
        0,
    )
    assert silent.done.on_time_promised_rate is None
    assert silent.satisfaction_rate is None
    assert list(silent.ratings.values()) == [0, 0, 0, 0, 0]


# --- the columns the statistics read ------------------------------------------------------


def _payloads(hall: str) -> list[Entry]:
    number = f"{hall}-20261102-0001"
    complaint = f"{hall}-TS20261103-01"
    return [
        Entry(1, "case", number, "create", {
            "number": number, "state": "completed", "item_name": "临时救助申请",
            "received_at": "2026-11-02T09:10:00", "accepted_on": "2026-11-02",
            "promised_due": "2026-11-11", "legal_due": "2026-11-23",
            "closed_at": "2026-11-10T15:00:00", "channel": "window", "agent_id": 3,
        }, "x"),
        Entry(2, "agent_service", number, "create", {"origin": "village", "village": "东山村"}, "x"),
        Entry(3, "evaluation", number, "create", {
            "case": number, "rating": "satisfied", "channel": "screen",
            "rated_at": "2026-11-10T15:05:00", "follow_up": None,
        }, "x"),
        Entry(4, "complaint", complaint, "create", {
            "received_at": "2026-11-03T10:00:00", "channel": "hotline", "due_on": "2026-11-17",
            "substantiated": True, "replied_on": "2026-11-12", "closed_on": None,
        }, "x"),
        Entry(5, "event", f"{number}/1", "create", {"action": "accept"}, "x"),
    ]  # fmt: skip


EXPECTED_COLUMNS: dict[str, dict[str, object]] = {
    "case": {
        "received_at": "2026-11-02T09:10:00",
        "accepted_on": "2026-11-02",
        "channel": "window",
        "with_agent": True,
    },
    "agent_service": {"origin": "village"},
    "evaluation": {"rating": "satisfied", "rated_at": "2026-11-10T15:05:00", "channel": "screen"},
    "complaint": {
        "received_at": "2026-11-03T10:00:00",
        "channel": "hotline",
        "substantiated": True,
        "due_on": "2026-11-17",
        "replied_on": "2026-11-12",
        "closed_on": None,
    },
    "event": {"received_at": None, "channel": None, "with_agent": None, "rating": None},
}


def _columns(store: HubStore) -> dict[str, dict[str, object]]:
    out = {}
    for entity, expected in EXPECTED_COLUMNS.items():
        with store.engine.connect() as conn:
            row = (
                conn.execute(text("SELECT * FROM records WHERE entity = :e"), {"e": entity})
                .one()
                ._mapping
            )
        out[entity] = {name: row[name] for name in expected}
    return out


def _normalised(columns: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    """SQLite hands a boolean back as 1 or 0 to a plain text() query."""
    return {
        entity: {k: bool(v) if k in ("with_agent", "substantiated") and v is not None else v
                 for k, v in values.items()}
        for entity, values in columns.items()
    }  # fmt: skip


def test_receiving_fills_the_columns_of_each_entity(store: HubStore, hall: Credential) -> None:
    store.receive(batch_of(hall, _payloads(hall.hall_code)))
    assert _normalised(_columns(store)) == EXPECTED_COLUMNS
    figures = county_stats(store.engine, Period.month(2026, 11)).halls[0]
    assert (figures.received, figures.completed, figures.agent_cases, figures.village_cases) == (
        1,
        1,
        1,
        1,
    )
    assert (figures.done.on_time_promised, figures.done.days_used) == (1, 6)
    assert (figures.rated, figures.good, figures.complaints_on_time) == (1, 1, 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_hub(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A hub database at revision h0001, before the statistics' columns."""
    url = _database(request, tmp_path, f"old_hub_{uuid.uuid4().hex[:12]}")
    engine = create_hub_engine(url)
    try:
        upgrade_engine(engine, "h0001")
    finally:
        engine.dispose()
    return url


def test_the_migration_fills_the_columns_of_the_records_already_stored(old_hub: str) -> None:
    engine = create_hub_engine(old_hub)
    now = datetime(2026, 11, 20, 9)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO halls (code, name, secret, created_at, last_seq) "
                    "VALUES (:c, '城关镇', 's', :t, 5)"
                ),
                {"c": HALL_A, "t": now},
            )
            for e in _payloads(HALL_A):
                conn.execute(
                    text(
                        "INSERT INTO records (entity, entity_id, hall_code, seq, op, payload, "
                        "content_hash, updated_at) VALUES (:e, :i, :h, :s, 'create', :p, 'x', :t)"
                    ),
                    {"e": e.entity, "i": e.entity_id, "h": HALL_A, "s": e.seq, "t": now,
                     "p": canonical_json(e.payload)},
                )  # fmt: skip
    finally:
        engine.dispose()
    store = HubStore(old_hub, clock=StepClock())
    try:
        assert _normalised(_columns(store)) == EXPECTED_COLUMNS
        assert county_stats(store.engine, Period.month(2026, 11)).total.village_cases == 1
    finally:
        store.close()
    engine = create_hub_engine(old_hub)
    try:  # and back: h0002 undone leaves h0001's table
        downgrade_engine(engine, "h0001")
        with engine.connect() as conn:
            names = conn.execute(text("SELECT * FROM records")).keys()
        assert "received_at" not in names and "closed_at" in names
    finally:
        engine.dispose()


def test_the_county_calendar_follows_what_the_county_published(
    store: HubStore, hall: Credential
) -> None:
    """A case accepted Thu 2027-02-04, completed Sat 02-13: weekends only (2027 not yet
    known), six working days went by; with the published year, 02-05 to 02-12 are
    春节 and 02-13 is worked, so one did."""
    number = f"{HALL_A}-20270204-0001"
    payload = {
        "number": number, "state": "completed", "received_at": "2027-02-04T09:00:00",
        "accepted_on": "2027-02-04", "promised_due": "2027-02-15", "legal_due": "2027-02-26",
        "closed_at": "2027-02-13T10:00:00", "agent_id": None,
    }  # fmt: skip
    store.receive(batch_of(hall, [Entry(1, "case", number, "create", payload, "x")]))
    assert not county_calendar(store.engine).is_known_year(2027)
    before = county_stats(store.engine, Period.month(2027, 2)).total.done
    store.publish_calendar(CALENDAR_2027)
    assert county_calendar(store.engine).is_known_year(2027)
    after = county_stats(store.engine, Period.month(2027, 2)).total.done
    assert (before.days_used, after.days_used) == (6, 1)


def test_a_case_completed_without_a_clock_is_counted_but_not_judged(
    store: HubStore, hall: Credential
) -> None:
    """As a hall's case from before this program: completed, with no due dates to judge
    it by; a due date the hub cannot read counts the same way."""
    number = f"{HALL_A}-20261102-0009"
    old = {
        "number": number,
        "state": "delivered",
        "received_at": "2026-11-02T09:00:00",
        "closed_at": "2026-11-05T10:00:00",
        "accepted_on": None,
        "promised_due": None,
    }
    garbled = {**old, "number": f"{number}X", "accepted_on": "2026-11-02",
               "promised_due": "11/09/2026", "legal_due": "2026-11-20"}  # fmt: skip
    store.receive(
        batch_of(
            hall,
            [
                Entry(1, "case", number, "create", old, "x"),
                Entry(2, "case", f"{number}X", "create", garbled, "x"),
            ],
        )
    )
    done = county_stats(store.engine, Period.month(2026, 11)).total.done
    assert (done.completed, done.judged) == (2, 0)
    assert done.on_time_promised_rate is None and done.avg_days_used is None
