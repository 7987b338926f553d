"""The offline transfer: an export file the hub imports, and the hub's acknowledgement
file read back; a file altered anywhere is refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from hallapp.app import AppContext
from hallapp.db.models import AuditRecord
from hallapp.errors import InvalidInput
from hallapp.hub.errors import HubError
from hallapp.hub.store import HubStore
from hallapp.services import sync
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.sync.file_crypto import decrypt_batches_file
from hallapp.sync.protocol import Batch, make_ack, open_batch
from tests.sync.conftest import HALL, add_entries, state


def trail(ctx: AppContext) -> list[tuple[str, dict[str, object]]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.action, AuditRecord.detail)
            .where(AuditRecord.action.in_(("sync.export", "sync.ack_import")))
            .order_by(AuditRecord.id)
        ).all()
    return [(action, json.loads(detail)) for action, detail in rows]


def test_export_packs_every_undelivered_entry_in_order(
    configured: AppContext, clerk: Actor, tmp_path: Path
) -> None:
    add_entries(configured, 1200)
    from hallapp.services import sync_store

    sync_store.mark_acked(configured.uow(), 100)
    path = tmp_path / "usb" / "batches.jsonl"
    path.parent.mkdir()
    result = sync.export_batches(configured.read_uow, configured.uow, clerk, path)
    assert (result.entries, result.batches, result.path) == (1100, 3, path)
    secret = state(configured).secret
    header, plain = decrypt_batches_file(path.read_bytes(), secret)
    head = json.loads(header.line)
    assert (head["kind"], head["version"], head["hall_code"]) == ("hallapp-batches", 2, HALL)
    assert b'"body"' not in path.read_bytes()  # not one envelope readable on the stick
    batches = [Batch.from_envelope(json.loads(line)) for line in plain.splitlines()]
    assert [(b.first_seq, b.last_seq) for b in batches] == [(101, 600), (601, 1100), (1101, 1200)]
    assert [e.seq for e in open_batch(batches[0], secret)] == list(range(101, 601))
    assert list(path.parent.iterdir()) == [path]  # no temporary file left beside it
    assert state(configured).acked_seq == 100  # an export delivers nothing by itself


def test_nothing_to_export_is_said_and_no_file_is_made(
    configured: AppContext, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(InvalidInput, match="没有待发送的记录"):
        sync.export_batches(
            configured.read_uow, configured.uow, COMMAND_LINE, folder / "batches.jsonl"
        )
    assert list(folder.iterdir()) == []
    assert trail(configured) == []  # nothing left the hall


def test_export_then_hub_import_then_ack_marks_everything_delivered(
    linked: AppContext, hub_store: HubStore, tmp_path: Path
) -> None:
    add_entries(linked, 700)
    path = tmp_path / "batches.jsonl"
    sync.export_batches(linked.read_uow, linked.uow, COMMAND_LINE, path)
    ack_path, summary = hub_store.import_file(path)
    assert summary.entries == 700
    assert hub_store.state(HALL)["counts"] == {"case": 700}
    result = sync.apply_ack_file(linked.uow, COMMAND_LINE, ack_path)
    assert (result.last_seq, result.marked) == (700, 700)
    assert sync.sync_status(linked.read_uow()).pending == 0
    # the same ack again changes nothing
    assert sync.apply_ack_file(linked.uow, COMMAND_LINE, ack_path).marked == 0
    # Both files that crossed the hall's door are in the audit trail, in order.
    assert trail(linked) == [
        ("sync.export", {"file": path.name, "entries": 700, "batches": 2}),
        ("sync.ack_import", {"file": ack_path.name, "last_seq": 700, "marked": 700}),
        ("sync.ack_import", {"file": ack_path.name, "last_seq": 700, "marked": 0}),
    ]
    # the same export imported again is all duplicates: nothing doubled at the hub
    _, again = hub_store.import_file(path)
    assert again.entries == 0 and len(again.duplicates) == 2
    assert hub_store.state(HALL)["counts"] == {"case": 700}


def test_an_export_altered_by_one_byte_is_refused_whole_by_the_hub(
    linked: AppContext, hub_store: HubStore, tmp_path: Path
) -> None:
    add_entries(linked, 600)
    path = tmp_path / "batches.jsonl"
    sync.export_batches(linked.read_uow, linked.uow, COMMAND_LINE, path)
    data = path.read_bytes()
    at = data.index(b"\n") + 1000  # a byte of the second batch's ciphertext
    path.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :])
    with pytest.raises(HubError, match="未导入任何内容"):
        hub_store.import_file(path)
    assert hub_store.state(HALL)["counts"] == {}


def _ack(tmp_path: Path, secret: str, **change: object) -> Path:
    data = make_ack(HALL, secret, 5, ["a" * 32, "b" * 32])
    data.update(change)
    path = tmp_path / "batches.jsonl.ack.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_seq": 6}, "签名不符"),
        ({"batches": ["a" * 32]}, "签名不符"),
        ({"signature": "0" * 64}, "签名不符"),
        ({"hall_code": "430121105000"}, "不是本中心"),
        ({"kind": "hallapp-batches"}, "不是县级平台的确认文件"),
        ({"version": 2}, "不支持的版本"),
        ({"last_seq": "5"}, "格式不对"),
    ],
)
def test_an_altered_ack_file_marks_nothing(
    configured: AppContext, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    add_entries(configured, 8)
    path = _ack(tmp_path, state(configured).secret, **change)
    with pytest.raises(InvalidInput, match=message):
        sync.apply_ack_file(configured.uow, COMMAND_LINE, path)
    assert state(configured).acked_seq == 0


def test_an_ack_file_with_a_flipped_byte_is_refused(configured: AppContext, tmp_path: Path) -> None:
    add_entries(configured, 8)
    path = _ack(tmp_path, state(configured).secret)
    good = path.read_bytes()
    assert sync.apply_ack_file(configured.uow, COMMAND_LINE, path).marked == 5
    for altered in (
        good.replace(b'"last_seq": 5', b'"last_seq": 8'),
        good.replace(b'"last_seq": 5', b'"last_seq": 50'),
        good.replace(b"a" * 32, b"a" * 31 + b"c"),
        good.replace(b'"signature": "', b'"signature": "f', 1)[:-3] + b'"\n}',
    ):
        assert altered != good
        path.write_bytes(altered)
        with pytest.raises(InvalidInput):
            sync.apply_ack_file(configured.uow, COMMAND_LINE, path)
    path.write_bytes(good[:-20])
    with pytest.raises(InvalidInput, match="已损坏"):
        sync.apply_ack_file(configured.uow, COMMAND_LINE, path)
    assert state(configured).acked_seq == 5


def test_an_ack_beyond_the_hall_s_own_entries_marks_only_what_exists(
    configured: AppContext, tmp_path: Path
) -> None:
    add_entries(configured, 3)
    path = _ack(tmp_path, state(configured).secret)
    assert sync.apply_ack_file(configured.uow, COMMAND_LINE, path).marked == 3
    assert state(configured).acked_seq == 3
    add_entries(configured, 1)
    assert sync.sync_status(configured.read_uow()).pending == 1


def test_a_missing_ack_file_is_said_in_chinese(configured: AppContext, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="找不到确认文件"):
        sync.apply_ack_file(configured.uow, COMMAND_LINE, tmp_path / "nope.ack.json")
