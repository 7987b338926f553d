"""The outbox payload builders (services.outbox_records) on plain rows: the contract's
entity ids, the fields each entity carries, and the stored JSON text."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from hallapp.services.outbox_records import (
    agent_service_payload,
    case_payload,
    delivery_payload,
    event_entity_id,
    event_payload,
    forward_payload,
    handover_payload,
    outbox_json,
    outbox_row,
    record_entity_id,
)

NUMBER = "430121104000-20260302-0001"
AT = datetime(2026, 3, 2, 9, 30)


def test_entity_ids_follow_the_contract() -> None:
    assert event_entity_id(NUMBER, 17) == f"{NUMBER}/17"
    assert record_entity_id("430121104000", "handover", 5) == "430121104000/handover/5"
    assert record_entity_id("430121104000", "forward", 5) != record_entity_id(
        "430121104000", "delivery", 5
    )
    assert record_entity_id("430121104000", "forward", 5) != record_entity_id(
        "430121105000", "forward", 5
    )


def test_stored_text_is_compact_json_with_chinese_and_iso_dates() -> None:
    text = outbox_json({"name": "张三", "on": date(2026, 3, 2), "at": AT, "n": None})
    assert text == '{"name":"张三","on":"2026-03-02","at":"2026-03-02T09:30:00","n":null}'
    with pytest.raises(TypeError):
        outbox_json({"amount": Decimal("1.5")})  # money is integer fen, never a decimal
    row = outbox_row("event", f"{NUMBER}/1", "create", {"at": AT}, AT)
    assert row == {
        "entity": "event",
        "entity_id": f"{NUMBER}/1",
        "op": "create",
        "payload": '{"at":"2026-03-02T09:30:00"}',
        "created_at": AT,
    }


def test_the_case_leaves_out_local_helpers_and_clock_numbers_and_names_its_item() -> None:
    columns = {
        "id": 9,
        "number": NUMBER,
        "state": "accepted",
        "applicant_doc_number": "11010519491231002X",
        "applicant_doc_rev": "X2001321949150101",
        "applicant_phone_rev": "00083100831",
        "idempotency_key": "k",
        "clock": "run",
        "due_no": 100,
        "legal_no": 110,
        "warn_no": 98,
        "promised_days": 10,
        "paused_since": None,
        "resume_no": None,
        "promised_due": date(2026, 3, 16),
        "item_version_id": 4,
    }
    materials = [
        {
            "seq": 1,
            "name": "居民身份证",
            "status": "received",
            "original_seen": True,
            "copies_taken": 1,
            "form": "原件",
            "problem": "",
        },
    ]
    fees = [{"seq": 1, "name": "工本费", "amount_fen": 2000, "waived": False}]
    payload = case_payload(columns, materials, fees, "0011020070004", "临时救助")
    assert set(payload) == {
        "number",
        "state",
        "applicant_doc_number",
        "promised_due",
        "item_version_id",
        "item_code",
        "item_name",
        "materials",
        "fees",
    }
    assert payload["materials"] == [[1, "居民身份证", "received", True, 1]]
    assert payload["fees"] == [[1, "工本费", 2000, False]]
    assert (payload["item_code"], payload["item_name"]) == ("0011020070004", "临时救助")


def test_an_event_carries_its_step_from_and_to_state() -> None:
    row = {
        "id": 3,
        "case_id": 9,
        "at": AT,
        "actor_id": 1,
        "actor_name": "张敏",
        "action": "accept",
        "from_state": "received",
        "to_state": "accepted",
        "comment": "",
    }
    assert event_payload(row) == {
        "action": "accept",
        "from": "received",
        "to": "accepted",
        "actor": "张敏",
        "at": AT,
        "comment": "",
    }


def test_a_correcting_hand_over_names_the_corrected_record_by_its_hub_id() -> None:
    row = {
        "id": 8,
        "case_id": 9,
        "at": AT,
        "giver_kind": "applicant",
        "giver_ref": "",
        "giver_name": "张三",
        "receiver_kind": "township_agent",
        "receiver_ref": "1",
        "receiver_name": "王芳",
        "corrects_id": 7,
        "note": "份数记错",
        "recorded_by": "张敏",
    }
    items = [{"handover_id": 8, "seq": 1, "material": "户口簿", "originals": 1, "copies": 0}]
    payload = handover_payload(row, items, NUMBER, "430121104000")
    assert payload["corrects"] == "430121104000/handover/7"
    assert payload["case"] == NUMBER and payload["items"] == [["户口簿", 1, 0]]
    assert payload["giver"] == ["applicant", "", "张三"]
    assert handover_payload({**row, "corrects_id": None}, [], NUMBER, "h")["corrects"] is None


def test_forward_delivery_and_agent_service_carry_what_the_county_reads() -> None:
    forward = {
        "id": 2,
        "case_id": 9,
        "department": "示例县民政局",
        "sent_on": date(2026, 4, 2),
        "expected_days": 5,
        "expected_reply_on": date(2026, 4, 10),
        "way": "post",
        "reply": "approved",
        "reply_on": date(2026, 4, 7),
        "reply_text": "",
        "recorded_by": "张敏",
    }
    sent = forward_payload(forward, NUMBER)
    assert sent["case"] == NUMBER and sent["reply"] == "approved" and "id" not in sent

    row = {
        "id": 4,
        "case_id": 9,
        "method": "agent",
        "recipient_name": "张三",
        "recipient_masked_doc": "110***********002X",
        "agent_id": 1,
        "tracking_number": "",
        "delivered_at": AT,
        "recorded_by": "张敏",
    }
    delivered = delivery_payload(row, NUMBER, "王芳")
    assert delivered["agent"] == "王芳" and "agent_id" not in delivered

    service = {
        "case_id": 9,
        "origin": "village",
        "village_point_id": 1,
        "village_received_on": date(2026, 2, 27),
        "scope": "全程代办",
        "authorised_on": date(2026, 2, 27),
        "created_at": AT,
    }
    assignment = {"agent_id": 2, "assigned_at": AT, "accepted_at": None, "ended_at": None}
    waiting = agent_service_payload(service, "东山村", "赵春兰", "village", assignment)
    assert (waiting["village"], waiting["agent"], waiting["state"]) == (
        "东山村",
        "赵春兰",
        "assigned",
    )
    taken = agent_service_payload(
        service, "东山村", "赵春兰", "village", {**assignment, "accepted_at": AT}
    )
    assert taken["state"] == "accepted" and json.loads(outbox_json(taken))["accepted_at"] == (
        AT.isoformat()
    )
