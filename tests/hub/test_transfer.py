"""Batches on a USB stick: the export file applied at the hub and its signed ack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hallapp.hub.credentials import Credential
from hallapp.hub.errors import HubError
from hallapp.hub.store import HubStore
from hallapp.sync.file_crypto import encrypt_batches_file
from hallapp.sync.protocol import Batch
from hallapp.sync.protocol import sign_ack as ack_signature
from tests.hub.conftest import HALL, batch_of, entries


def export_file(path: Path, batches: list[Batch], secret: str, hall_code: str = HALL) -> Path:
    """The file ``hallapp sync export`` writes: the envelopes encrypted with the hall's key."""
    with path.open("wb") as out:
        lines = (json.dumps(b.envelope()).encode("utf-8") for b in batches)
        encrypt_batches_file(out, hall_code, secret, lines)
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
    path = export_file(tmp_path / "export.jsonl", batches, hall.secret)
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
    path = export_file(tmp_path / "export.jsonl", three_batches(hall), hall.secret)
    store.import_file(path)
    _ack, again = store.import_file(path)
    assert (again.applied, len(again.duplicates), again.entries, again.last_seq) == ([], 3, 0, 9)
    assert store.version_count(HALL) == 9


def test_the_ack_signature_is_over_hall_seq_and_ids() -> None:
    one = ack_signature("s" * 64, HALL, 9, ["a", "b"])
    assert one != ack_signature("s" * 64, HALL, 9, ["a"])
    assert one != ack_signature("s" * 64, HALL, 8, ["a", "b"])
    assert one != ack_signature("t" * 64, HALL, 9, ["a", "b"])


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.mark.parametrize("where", ["kind", "hall", "nonce", "ciphertext", "tag", "cut"])
def test_a_file_with_one_altered_byte_is_rejected_whole(
    tmp_path: Path, store: HubStore, hall: Credential, where: str
) -> None:
    path = export_file(tmp_path / "export.jsonl", three_batches(hall), hall.secret)
    data = path.read_bytes()
    header_end = data.index(b"\n")
    at = {
        "kind": data.index(b"batches"),
        "hall": data.index(HALL.encode()) + 11,  # the hall code's last digit: another hall
        "nonce": data.index(b'"nonce":"') + 10,
        "ciphertext": header_end + 200,
        "tag": len(data) - 1,
    }.get(where)
    path.write_bytes(data[:-1] if at is None else _flip(data, at))
    with pytest.raises(HubError) as info:
        store.import_file(path)
    assert "未导入任何内容" in info.value.message
    assert store.state(HALL)["last_seq"] == 0
    assert not (tmp_path / "export.jsonl.ack.json").exists()


def test_a_file_encrypted_with_another_key_is_refused(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    path = export_file(tmp_path / "export.jsonl", three_batches(hall), "x" * 64)
    with pytest.raises(HubError) as info:
        store.import_file(path)
    assert "校验不通过" in info.value.message
    assert store.state(HALL)["last_seq"] == 0


def test_a_version_1_file_in_the_clear_is_refused_with_the_reason(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    lines = [json.dumps({"kind": "hallapp-batches", "version": 1, "hall_code": HALL})]
    lines += [json.dumps(b.envelope()) for b in three_batches(hall)]
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HubError) as info:
        store.import_file(path)
    assert "旧版" in info.value.message and "重新导出" in info.value.message
    assert store.state(HALL)["last_seq"] == 0
    assert not (tmp_path / "old.jsonl.ack.json").exists()


def test_a_gap_stops_the_import_and_the_ack_covers_what_was_applied(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    first, _second, third = three_batches(hall)
    path = export_file(tmp_path / "export.jsonl", [first, third], hall.secret)  # second is missing
    ack_path, summary = store.import_file(path)
    assert summary.refused is not None
    assert (summary.refused.code, summary.refused.expected_seq) == ("gap", 4)
    assert "中止" in summary.describe()
    ack = json.loads(ack_path.read_text("utf-8"))
    assert (ack["last_seq"], ack["batches"]) == (3, [first.batch_id])
    assert ack["signature"] == ack_signature(hall.secret, HALL, 3, [first.batch_id])


def test_a_file_of_an_unknown_hall_is_refused(tmp_path: Path, store: HubStore) -> None:
    with pytest.raises(HubError) as info:
        store.import_file(export_file(tmp_path / "x.jsonl", [], "s" * 64, hall_code="430121109000"))
    assert "未在县级平台登记" in info.value.message


def test_a_batch_of_another_hall_inside_the_file_is_refused(
    tmp_path: Path, store: HubStore, hall: Credential
) -> None:
    other = store.add_hall("430121105000", "某乡便民服务中心")
    path = export_file(
        tmp_path / "x.jsonl",
        [batch_of(hall, entries(1, 1)), batch_of(other, entries(1, 1))],
        hall.secret,
    )
    with pytest.raises(HubError):
        store.import_file(path)
    assert store.state(HALL)["last_seq"] == 0
