"""The custody chain: every material is held by exactly one party, whatever sequence of
hand-overs and corrections is attempted."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallapp.core.custody import (
    APPLICANT,
    WINDOW,
    CustodyError,
    Handover,
    HandoverItem,
    Party,
    PartyKind,
    apply_handover,
    check_recorder,
    holdings,
)

MATERIALS = ("户口簿", "居民身份证", "土地承包经营权证", "申请书")
VILLAGE = Party(PartyKind.VILLAGE_AGENT, "3", "赵春兰")
TOWNSHIP = Party(PartyKind.TOWNSHIP_AGENT, "1", "王芳")
COUNTY = Party(PartyKind.DEPARTMENT, "县自然资源局", "县自然资源局")
PARTIES = (APPLICANT, VILLAGE, TOWNSHIP, WINDOW, COUNTY)
T0 = datetime(2026, 11, 2, 9, 0)


def move(
    i: int, giver: Party, receiver: Party, *materials: str, corrects: int | None = None
) -> Handover:
    return Handover(
        i,
        T0 + timedelta(hours=i),
        giver,
        receiver,
        tuple(HandoverItem(m) for m in materials),
        corrects,
    )


def test_materials_travel_and_come_back() -> None:
    chain = [
        move(1, APPLICANT, VILLAGE, "户口簿", "居民身份证"),
        move(2, VILLAGE, TOWNSHIP, "户口簿", "居民身份证"),
        move(3, TOWNSHIP, COUNTY, "户口簿"),
        move(4, COUNTY, TOWNSHIP, "户口簿"),
        move(5, TOWNSHIP, APPLICANT, "户口簿", "居民身份证"),
    ]
    held = holdings(MATERIALS, chain[:3])
    assert held["户口簿"].holder == COUNTY and held["户口簿"].since == T0 + timedelta(hours=3)
    assert held["居民身份证"].holder == TOWNSHIP
    assert held["申请书"].holder == APPLICANT and held["申请书"].since is None
    assert {h.holder for h in holdings(MATERIALS, chain).values()} == {APPLICANT}


def test_only_the_holder_can_hand_a_material_over() -> None:
    start = holdings(MATERIALS, [move(1, APPLICANT, VILLAGE, "户口簿")])
    with pytest.raises(CustodyError, match="现在由村代办员：赵春兰保管"):
        apply_handover(start, move(2, TOWNSHIP, WINDOW, "户口簿"))
    with pytest.raises(CustodyError, match="没有材料"):
        apply_handover(start, move(2, VILLAGE, WINDOW, "结婚证"))
    with pytest.raises(CustodyError, match="同一方"):
        apply_handover(start, move(2, VILLAGE, VILLAGE, "户口簿"))


def test_a_correction_voids_the_record_it_names() -> None:
    wrong = move(1, APPLICANT, TOWNSHIP, "户口簿")
    right = move(2, APPLICANT, VILLAGE, "户口簿", corrects=1)
    assert holdings(MATERIALS, [wrong, right])["户口簿"].holder == VILLAGE


def test_only_the_giver_or_the_window_records() -> None:
    check_recorder(VILLAGE, VILLAGE)
    check_recorder(WINDOW, APPLICANT)
    with pytest.raises(CustodyError, match="只能由交出方"):
        check_recorder(TOWNSHIP, VILLAGE)


attempts = st.lists(
    st.tuples(
        st.sampled_from(PARTIES),
        st.sampled_from(PARTIES),
        st.lists(st.sampled_from(MATERIALS), min_size=1, max_size=3, unique=True),
        st.integers(0, 6),  # 0: no correction; otherwise correct the n-th accepted record
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(attempts)
def test_every_material_always_has_exactly_one_holder(
    tries: list[tuple[Party, Party, list[str], int]],
) -> None:
    accepted: list[Handover] = []
    for n, (giver, receiver, materials, correct) in enumerate(tries, start=1):
        corrects = accepted[correct - 1].id if 0 < correct <= len(accepted) else None
        candidate = move(n, giver, receiver, *materials, corrects=corrects)
        try:
            holdings(MATERIALS, [*accepted, candidate])
        except CustodyError:
            continue  # refused: nothing recorded
        accepted.append(candidate)
        held = holdings(MATERIALS, accepted)
        assert set(held) == set(MATERIALS)
        for material, holding in held.items():
            assert holding.material == material
            assert holding.holder in PARTIES
        # The holder is the receiver of the last record still counting that moved it.
        voided = {h.corrects for h in accepted if h.corrects is not None}
        for material in MATERIALS:
            moves = [
                h
                for h in accepted
                if h.id not in voided and any(i.material == material for i in h.items)
            ]
            expected = moves[-1].receiver if moves else APPLICANT
            assert held[material].holder == expected
