"""The case clock: ``compute_clock`` for 1,000,000 cases, as the monitor would for all open
cases when it recomputes every warning level.

The mix: 70% never paused, 25% one closed 补正 (supplement) pause, 5% an open 特别程序
(special procedure), promised 5–20 working days, legal 20 or 30, acceptances spread over
2024–2026. Each case is read on a day 0–40 calendar days after its acceptance, the life
of an open case, so the levels mix as in a real hall (a single reading day two years after
most acceptances would make nearly every case 超法定期限). The floor is the same loop calling a function
that does nothing with the same arguments: the loop and call overhead Python charges
anyway.
"""

from __future__ import annotations

import gc
import random
from datetime import date, timedelta

from bench.common import Row, cost_ratio, median, timed
from hallapp.core.clock import (
    ClockFacts,
    ClockState,
    Pause,
    PauseKind,
    TimeLimit,
    compute_clock,
)
from hallapp.core.workdays import WorkdayCalendar

CASES, QUICK_CASES = 1_000_000, 20_000
RUNS, QUICK_RUNS = 3, 1
FIRST_ACCEPTED, LAST_ACCEPTED = date(2024, 1, 1), date(2026, 12, 31)
MAX_AGE_DAYS = 40
PROCEDURES = ("听证", "检验", "鉴定", "专家评审", "公示")


Case = tuple[ClockFacts, date]  # the facts and the day the clock is read


def make_cases(count: int, seed: int = 11) -> list[Case]:
    rng = random.Random(seed)
    span = (LAST_ACCEPTED - FIRST_ACCEPTED).days
    days = [FIRST_ACCEPTED + timedelta(days=i) for i in range(span + 1)]
    promised = [TimeLimit(n) for n in range(5, 21)]
    legal = [TimeLimit(20), TimeLimit(30)]
    cases = []
    for _ in range(count):
        accepted = rng.choice(days)
        pauses: tuple[Pause, ...] = ()
        draw = rng.random()
        if draw < 0.25:
            start = accepted + timedelta(days=rng.randint(1, 5))
            end = start + timedelta(days=rng.randint(1, 15))
            pauses = (Pause(PauseKind.SUPPLEMENT, "材料不齐，一次性告知补正", start, end),)
        elif draw < 0.30:
            start = accepted + timedelta(days=rng.randint(1, 10))
            procedure = rng.choice(PROCEDURES)
            pauses = (
                Pause(
                    PauseKind.SPECIAL_PROCEDURE,
                    f"{procedure}期间不计入办理时限",
                    start,
                    None,
                    approved_days=rng.choice((None, 20, 30)),
                    procedure=procedure,
                ),
            )
        facts = ClockFacts(accepted, rng.choice(legal), rng.choice(promised), pauses)
        cases.append((facts, accepted + timedelta(days=rng.randint(0, MAX_AGE_DAYS))))
    return cases


def _trivial(facts: ClockFacts, calendar: WorkdayCalendar, today: date) -> None:
    return None


def _figure_loop(cases: list[Case], calendar: WorkdayCalendar) -> None:
    compute = compute_clock
    for facts, today in cases:
        compute(facts, calendar, today)


def _floor_loop(cases: list[Case], calendar: WorkdayCalendar) -> None:
    compute = _trivial
    for facts, today in cases:
        compute(facts, calendar, today)


def _levels(states: list[ClockState]) -> str:
    counts: dict[str, int] = {}
    for s in states:
        counts[s.level.value] = counts.get(s.level.value, 0) + 1
    return ", ".join(f"{k} {100 * v / len(states):.0f}%" for k, v in sorted(counts.items()))


def run(quick: bool = False) -> list[Row]:
    count = QUICK_CASES if quick else CASES
    runs = QUICK_RUNS if quick else RUNS
    calendar = WorkdayCalendar()
    cases = make_cases(count)
    # Outside the timing: how the levels mix, for the note.
    levels = _levels([compute_clock(f, calendar, today) for f, today in cases[:10_000]])
    figure_times, floor_times = [], []
    # The million inputs are scaffolding: frozen, the collector does not walk them.
    gc.collect()
    gc.freeze()
    try:
        for _ in range(runs):
            floor_times.append(timed(lambda: _floor_loop(cases, calendar)))
            figure_times.append(timed(lambda: _figure_loop(cases, calendar)))
    finally:
        gc.unfreeze()
    seconds, floor_seconds = median(figure_times), median(floor_times)
    # The goal is stated for a million cases; a quick run scales its time up to that.
    per_million = seconds * CASES / count
    floor_per_million = floor_seconds * CASES / count
    rate, floor_rate = count / seconds, count / floor_seconds
    scaled = "" if count == CASES else f" (scaled from {count:,})"
    return [
        Row(
            name="compute_clock rate",
            value=rate,
            unit="/s",
            floor=floor_rate,
            floor_unit="/s",
            ratio=cost_ratio(rate, floor_rate, rate=True),
            note=f"70% no pause, 25% 补正, 5% open 特别程序; read 0–{MAX_AGE_DAYS} d after intake",
            runs=runs,
        ),
        Row(
            name="compute_clock, 1,000,000 cases",
            value=per_million,
            unit="s",
            floor=floor_per_million,
            floor_unit="s",
            ratio=cost_ratio(per_million, floor_per_million),
            # The monitor never computes a million clocks: it reads the clocks stored on
            # the cases (bench_deadlines). This is the cost of recomputing them all.
            goal="",
            ok=None,
            note=f"levels: {levels}{scaled}; the monitor reads stored clocks instead",
            runs=runs,
        ),
    ]
