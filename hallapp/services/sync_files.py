"""The offline transfer (USB stick): the undelivered entries exported as batches in a file
only the county hub can read, and the hub's signed acknowledgement file read back
(docs/sync-protocol.md, "Offline transfer")."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput
from hallapp.services import audit
from hallapp.services import sync_store as store
from hallapp.services.actors import Actor
from hallapp.services.sync_types import AckResult, ExportResult, SyncNotConfigured
from hallapp.sync.file_crypto import encrypt_batches_file
from hallapp.sync.protocol import (
    ACK_KIND,
    PROTOCOL_VERSION,
    make_batch_from_rows,
    verify_ack,
)


def export_batches(
    uow: Callable[[], UnitOfWork], path: Path, now: datetime, batch_size: int | None = None
) -> ExportResult:
    """Write every undelivered entry to ``path`` as batches, encrypted so that only the
    county hub can read them (hallapp.sync.file_crypto). The file appears whole or not at
    all (written beside it, then renamed)."""
    entries = batches = 0
    temp = path.with_name(path.name + ".part")
    with uow() as unit:
        config = store.config_of(store.state_row(unit.session))
        if not config.configured:
            raise SyncNotConfigured()
        size = max(1, batch_size or config.batch_size)

        def envelopes() -> Iterator[bytes]:
            nonlocal entries, batches
            cursor = config.acked_seq
            while chunk := store.read_raw_entries(unit.session, cursor, size):
                batch = make_batch_from_rows(config.hall_code, config.secret, chunk, now)
                yield json.dumps(batch.envelope(), separators=(",", ":")).encode("utf-8")
                entries += len(chunk)
                batches += 1
                cursor = chunk[-1].seq

        try:
            with temp.open("wb") as out:
                encrypt_batches_file(out, config.hall_code, config.secret, envelopes())
                out.flush()
                os.fsync(out.fileno())
            if not entries:
                raise InvalidInput("没有待发送的记录，无需导出。")
            os.replace(temp, path)
        except OSError as exc:
            raise InvalidInput(f"无法写入导出文件 {path}：{exc.strerror or exc}") from exc
        finally:
            temp.unlink(missing_ok=True)
    return ExportResult(entries, batches, path)


def apply_ack_file(uow: Callable[[], UnitOfWork], path: Path, actor: Actor) -> AckResult:
    """Mark the entries the hub acknowledges in ``path`` delivered; a file that is not
    exactly what the hub signed for this hall marks nothing."""
    with uow() as unit:
        config = store.config_of(store.state_row(unit.session))
        newest = store.last_seq(unit.session)
    if not config.configured:
        raise SyncNotConfigured()
    data = _read_json(path)
    bad = f"确认文件 {path.name} 无效，未标记任何记录："
    if not isinstance(data, dict) or data.get("kind") != ACK_KIND:
        raise InvalidInput(bad + "不是县级平台的确认文件（应为导入后生成的 .ack.json 文件）。")
    if data.get("version") != PROTOCOL_VERSION:
        raise InvalidInput(bad + f"不支持的版本 {data.get('version')}。")
    if data.get("hall_code") != config.hall_code:
        raise InvalidInput(bad + f"它属于服务中心 {data.get('hall_code')}，不是本中心。")
    last_seq, batches, signature = data.get("last_seq"), data.get("batches"), data.get("signature")
    if (
        not isinstance(last_seq, int)
        or isinstance(last_seq, bool)
        or last_seq < 0
        or not isinstance(batches, list)
        or not all(isinstance(b, str) for b in batches)
        or not isinstance(signature, str)
    ):
        raise InvalidInput(bad + "内容不完整或格式不对。")
    if not verify_ack(config.secret, config.hall_code, last_seq, batches, signature):
        raise InvalidInput(bad + "签名不符：文件被改动过，或不是用本中心凭据签发的。")
    before = config.acked_seq

    def record(session: Session, after: int) -> None:
        detail = {"file": path.name, "last_seq": last_seq, "marked": max(0, after - before)}
        audit.record(session, actor, "sync.ack_import", "sync", path.name, detail)

    # Never past the hall's own newest entry: a later entry is not the one the hub has.
    after = store.mark_acked(uow(), min(last_seq, newest), record)
    return AckResult(last_seq, max(0, after - before))


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"找不到确认文件：{path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(
            f"确认文件 {path.name} 无法读取，未标记任何记录：文件已损坏或不是 JSON（{exc}）"
        ) from None
