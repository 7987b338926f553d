"""Batches on a USB stick: the export file applied at the hub and its signed ack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hallapp.hub.credentials import Credential
from hallapp.hub.errors import HubError
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import Batch
from hallapp.sync.protocol import sign_ack as ack_signature
from tests.hub.conftest import HALL, batch_of, entries


def export_file(path: Path, batches: list[Batch], hall_code: str = HALL) -> Path:
    lines = [json.dumps({"kind": "hallapp-batches", "version": 1, "hall_code": hall_code})]
    lines += [json.dumps(b.envelope()) for b in batches]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def three_batches(cred: Credential) -> list[Batch]:
    return [
        batch_of(cred, entries(1, 3)),
        batch_of(cred, entries(4, 2)),
        batch_of(cred, entries(6, 4)),
    ]


def test_an_export_file_is_applied_and_acknowledged(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    batches = three_batches(hall)
    path = export_file(tmp_path / "export.jsonl", batches)
    ack_path, summary = store.import_file(path)
    assert ack_path == tmp_path / "export.jsonl.ack.json"
    assert (summary.last_seq, summary.entries, summary.refused) == (9, 9, None)
    assert summary.applied == [b.batch_id for b in batches]
    ack = json.loads(ack_path.read_text("utf-8"))
    ids = [b.batch_id for b in batches]
    assert ack == {
        "kind": "hallapp-ack",
        "version": 1,
        "hall_code": HALL,
        "last_seq": 9,
        "batches": ids,
        "signature": ack_signature(hall.secret, HALL, 9, ids),
    }
    with store.engine.connect() as conn:
        sources = conn.exec_driver_sql("SELECT DISTINCT source FROM batches").scalars().all()
    assert sources == ["file"]


def test_importing_the_same_file_again_applies_nothing(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    path = export_file(tmp_path / "export.jsonl", three_batches(hall))
    store.import_file(path)
    _ack, again = store.import_file(path)
    assert (again.applied, len(again.duplicates), again.entries, again.last_seq) == ([], 3, 0, 9)
    assert store.version_count(HALL) == 9


def test_the_ack_signature_is_over_hall_seq_and_ids() -> None:
    one = ack_signature("s" * 64, HALL, 9, ["a", "b"])
    assert one != ack_signature("s" * 64, HALL, 9, ["a"])
    assert one != ack_signature("s" * 64, HALL, 8, ["a", "b"])
    assert one != ack_signature("t" * 64, HALL, 9, ["a", "b"])


@pytest.mark.parametrize("line", [0, 2, 3])
def test_a_file_with_one_altered_byte_is_rejected_whole(
    tmp_path: Path, store: HubStore, hall: Credential, line: int
) -> None:
    path = export_file(tmp_path / "export.jsonl", three_batches(hall))
    lines = path.read_text("utf-8").splitlines()
    target = lines[line]
    if line == 0:
        lines[0] = target.replace("hallapp-batches", "hallapp-batchez")
    else:
        data = json.loads(target)
        body = bytearray(data["body"], "ascii")
        body[10] = ord("A") if body[10] != ord("A") else ord("B")  # one base64 character
        data["body"] = body.decode("ascii")
        lines[line] = json.dumps(data)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HubError) as info:
        store.import_file(path)
    assert "未导入任何内容" in info.value.message
    assert store.state(HALL)["last_seq"] == 0
    assert not (tmp_path / "export.jsonl.ack.json").exists()


def test_a_gap_stops_the_import_and_the_ack_covers_what_was_applied(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    first, _second, third = three_batches(hall)
    path = export_file(tmp_path / "export.jsonl", [first, third])  # second is missing
    ack_path, summary = store.import_file(path)
    assert summary.refused is not None
    assert (summary.refused.code, summary.refused.expected_seq) == ("gap", 4)
    assert "中止" in summary.describe()
    ack = json.loads(ack_path.read_text("utf-8"))
    assert (ack["last_seq"], ack["batches"]) == (3, [first.batch_id])
    assert ack["signature"] == ack_signature(hall.secret, HALL, 3, [first.batch_id])


def test_a_file_of_an_unknown_hall_is_refused(tmp_path: Path, store: HubStore) -> None:
    with pytest.raises(HubError) as info:
        store.import_file(export_file(tmp_path / "x.jsonl", [], hall_code="430121109000"))
    assert "未在县级平台登记" in info.value.message


def test_a_batch_of_another_hall_inside_the_file_is_refused(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    other = store.add_hall("430121105000", "某乡便民服务中心")
    path = export_file(
        tmp_path / "x.jsonl", [batch_of(hall, entries(1, 1)), batch_of(other, entries(1, 1))]
    )
    with pytest.raises(HubError):
        store.import_file(path)
    assert store.state(HALL)["last_seq"] == 0
