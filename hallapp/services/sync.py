"""Sync with the county hub (同步): configure, send now, status, the offline transfer, the
parked batches and the downward updates applied.

``sync_now`` is one sender at a time (a lease in the database), a few short
transactions rather than one long one: what the hub acknowledged is on disk before the
next batch leaves, and the clerk's writes never wait for the network.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx
from sqlalchemy import update

from hallapp.core.numbering import InvalidCaseNumber, check_division_code
from hallapp.db import repositories as repo
from hallapp.db.models import SyncParked
from hallapp.db.uow import UnitOfWork
from hallapp.errors import InvalidInput
from hallapp.services import audit, downward, sync_files
from hallapp.services import sync_store as store
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.sync_reconcile import hall_counts, reconcile
from hallapp.services.sync_sender import CANCELLED, LeaseLost, Sender, describe
from hallapp.services.sync_types import (
    STAGE_COUNT,
    STAGE_UPDATES,
    AckResult,
    ExportResult,
    ParkedBatch,
    SyncBusy,
    SyncNotConfigured,
    SyncProgress,
    SyncResult,
    SyncStatus,
    UpdateNote,
)
from hallapp.sync.backoff import ATTEMPTS
from hallapp.sync.client import HubClient, HubError, check_hub_url

__all__ = [
    "AckResult",
    "ExportResult",
    "ParkedBatch",
    "SyncBusy",
    "SyncNotConfigured",
    "SyncProgress",
    "SyncResult",
    "SyncStatus",
    "UpdateNote",
    "apply_ack_file",
    "configure_sync",
    "export_batches",
    "parked_batches",
    "retry_parked",
    "sync_now",
    "sync_status",
    "update_notes",
]

UowFactory = Callable[[], UnitOfWork]
CREDENTIAL_KIND = "hallapp-credential"
STAFF = tuple(Role)  # every signed-in role may send what the hall recorded
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def sync_status(uow: UnitOfWork) -> SyncStatus:
    """Read only and cheap: one row, one indexed count, one small count."""
    with uow:
        session = uow.session
        row = store.state_row(session)
        parked = [p for p in store.open_parked(session) if p.last_seq > row.acked_seq]
        return SyncStatus(
            configured=store.config_of(row).configured,
            hub_url=row.hub_url,
            hall_code=row.hall_code,
            pending=store.pending_count(session, row.acked_seq),
            last_success_at=row.last_success_at,
            last_attempt_at=row.last_attempt_at,
            last_error=row.last_error,
            parked=len(parked),
            auto_minutes=row.auto_minutes,
            catalogue_version=row.catalogue_version,
            calendar_version=row.calendar_version,
        )


def configure_sync(
    uow: UnitOfWork,
    actor: Actor,
    hub_url: str,
    hall_code: str,
    credential_path: Path,
    auto_minutes: int = 15,
) -> None:
    """Set the hub's address and this hall's credential (设置同步); everything is checked
    before anything is stored."""
    require_any(actor, "设置同步", *MANAGERS)
    try:
        url = check_hub_url(hub_url)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    code = hall_code.strip()
    try:
        check_division_code(code)
    except InvalidCaseNumber as exc:
        raise InvalidInput(f"服务中心代码无效：{exc.message}") from None
    if not 0 <= auto_minutes <= 24 * 60:
        raise InvalidInput("自动同步间隔应在 0（不自动同步）到 1440 分钟之间。")
    secret = _read_credential(credential_path, code)
    with uow:
        session = uow.session
        hall = repo.the_hall(session)
        if hall is not None and hall.code != code:
            raise InvalidInput(
                f"服务中心代码 {code} 与本数据库登记的服务中心（{hall.name}，{hall.code}）不符。"
            )
        row = store.state_row(session)
        changed = row.secret != secret or row.hub_url != url
        row.hub_url, row.hall_code, row.secret = url, code, secret
        row.auto_minutes = auto_minutes
        if changed:
            row.last_error = ""  # the old error was about the old address or credential
        audit.record(
            session,
            actor,
            "sync.configure",
            "sync_state",
            1,
            {"hub_url": url, "hall_code": code, "auto_minutes": auto_minutes},
        )
        uow.commit()


def _read_credential(path: Path, hall_code: str) -> str:
    bad = f"凭据文件 {path.name} 无效："
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"找不到凭据文件：{path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} 是文件夹，请选择县级平台发给本中心的凭据文件。") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise InvalidInput(bad + "文件已损坏或不是 JSON。") from None
    if not isinstance(data, dict) or data.get("kind") != CREDENTIAL_KIND:
        raise InvalidInput(bad + "这不是县级平台签发的凭据文件。")
    if data.get("version") != 1:
        raise InvalidInput(bad + f"不支持的版本 {data.get('version')}。")
    if data.get("hall_code") != hall_code:
        raise InvalidInput(
            bad + f"它是签发给服务中心 {data.get('hall_code')}"
            f"（{data.get('hall_name', '')}）的，不是 {hall_code}。"
        )
    secret = data.get("secret")
    if not isinstance(secret, str) or len(secret) < 32 or not secret.isascii():
        raise InvalidInput(bad + "缺少密钥或密钥格式不对。")
    return secret


def sync_now(
    uow: UowFactory,
    actor: Actor,
    progress: Callable[[SyncProgress], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = datetime.now,
    rng: random.Random | None = None,
    attempts: int = ATTEMPTS,
) -> SyncResult:
    """Send everything pending, check the counts (re-queue and send what the hub lacks),
    then receive the county's catalogue and calendar. Network trouble comes back in
    ``error``; SyncBusy when another sender holds the lease."""
    require_any(actor, "同步", *STAFF)
    if not store.read_config(uow()).configured:
        raise SyncNotConfigured()
    holder = uuid.uuid4().hex
    config = store.take_lease(uow(), holder, clock())
    errors: list[str] = []
    reconciled = 0
    notes: list[UpdateNote] = []
    sent = batches = duplicates = 0
    try:
        with HubClient(
            config.hub_url, config.hall_code, config.secret, transport, clock=clock
        ) as hub:
            sender = Sender(
                uow, hub, config, holder, clock, sleep, rng or random.Random(), progress, cancel
            )
            sender.attempts = attempts
            out = sender.send_pending()
            sent, batches, duplicates = out.sent, out.batches, out.duplicates
            if out.error:
                errors.append(out.error)
            if not out.error and not sender.cancelled():
                try:
                    reconciled = _check_counts(uow, hub, sender, clock, progress)
                except HubError as exc:
                    errors.append(describe(exc))
                except LeaseLost as exc:
                    errors.append(exc.message)
                if reconciled:
                    again = sender.send_pending()
                    sent += again.sent
                    batches += again.batches
                    duplicates += again.duplicates
                    if again.error:
                        errors.append(again.error)
            if out.reachable and not sender.cancelled():
                _report(progress, STAGE_UPDATES, 0, 1)
                try:
                    notes = _receive_updates(uow, sender, clock)
                except HubError as exc:
                    errors.append(describe(exc))
                except (downward.UpdateRejected, LeaseLost) as exc:
                    errors.append(exc.message)
                _report(progress, STAGE_UPDATES, 1, 1)
            if cancel is not None and cancel.is_set() and CANCELLED not in errors:
                errors.append(CANCELLED)
    finally:
        error = "；".join(dict.fromkeys(errors))
        store.finish_run(uow(), clock(), error)
        store.release_lease(uow(), holder)
    with uow() as unit:
        pending = store.pending_count(unit.session, store.state_row(unit.session).acked_seq)
    return SyncResult(sent, batches, duplicates, pending, reconciled, tuple(notes), error)


def _check_counts(
    uow: UowFactory,
    hub: HubClient,
    sender: Sender,
    clock: Callable[[], datetime],
    progress: Callable[[SyncProgress], None] | None,
) -> int:
    counts = hall_counts(uow())
    total = sum(counts.values())
    _report(progress, STAGE_COUNT, 0, total)
    state = sender.call(hub.state)

    def step(done: int) -> None:
        _report(progress, STAGE_COUNT, min(done, total), total)

    return reconcile(uow, hub, counts, state.counts, clock(), step, sender.call)


def _receive_updates(
    uow: UowFactory, sender: Sender, clock: Callable[[], datetime]
) -> list[UpdateNote]:
    config = store.read_config(uow())
    data = sender.call(
        lambda: sender.hub.updates(config.catalogue_version, config.calendar_version)
    )
    if not data.get("catalogue") and not data.get("calendar"):
        return []
    return downward.apply_updates(uow(), data, clock())


def _report(
    progress: Callable[[SyncProgress], None] | None, stage: str, done: int, total: int
) -> None:
    if progress is not None:
        progress(SyncProgress(stage, done, total))


def export_batches(
    read: UowFactory, write: UowFactory, actor: Actor, path: Path, now: datetime | None = None
) -> ExportResult:
    """导出待发送记录 for the USB stick, read without holding up the counter's saves; the
    file that left the hall is then in the audit trail (who, how many, which file)."""
    require_any(actor, "导出同步批次", *STAFF)
    result = sync_files.export_batches(read, path, now or datetime.now())
    with write() as unit:
        detail = {"file": path.name, "entries": result.entries, "batches": result.batches}
        audit.record(unit.session, actor, "sync.export", "sync", path.name, detail)
        unit.commit()
    return result


def apply_ack_file(uow: UowFactory, actor: Actor, path: Path) -> AckResult:
    """读入县级平台的确认文件."""
    require_any(actor, "读入确认文件", *STAFF)
    return sync_files.apply_ack_file(uow, path, actor)


def parked_batches(uow: UnitOfWork) -> list[ParkedBatch]:
    with uow:
        session = uow.session
        acked = store.state_row(session).acked_seq
        return [p for p in store.open_parked(session) if p.last_seq > acked]


def retry_parked(uow: UnitOfWork, actor: Actor, now: datetime | None = None) -> int:
    """Clear the parked batches so the next sync sends them again; how many."""
    require_any(actor, "重新发送被拒收的批次", *MANAGERS)
    with uow:
        session = uow.session
        cleared = session.execute(
            update(SyncParked)
            .where(SyncParked.cleared_at.is_(None))
            .values(cleared_at=now or datetime.now())
        ).rowcount  # type: ignore[attr-defined]
        audit.record(session, actor, "sync.retry_parked", "sync_parked", 0, {"cleared": cleared})
        uow.commit()
        return int(cleared)


def update_notes(uow: UnitOfWork, limit: int = 50) -> list[UpdateNote]:
    return downward.update_notes(uow, limit)
