"""What the sync services return and raise; re-exported by hallapp.services.sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hallapp.errors import HallappError


class SyncBusy(HallappError):
    """Another window or the command line is sending right now."""

    def __init__(self) -> None:
        super().__init__("另一个窗口或命令行正在同步，请稍后再试。")


class SyncNotConfigured(HallappError):
    def __init__(self) -> None:
        super().__init__("尚未设置县级平台：请中心负责人在“同步”设置中填写平台地址并选择凭据文件。")


@dataclass(frozen=True)
class SyncConfig:
    """The sync_state row as one run reads it; the secret never appears in a repr."""

    hub_url: str
    hall_code: str
    secret: str = field(repr=False)
    batch_size: int
    acked_seq: int
    catalogue_version: int
    calendar_version: int

    @property
    def configured(self) -> bool:
        return bool(self.hub_url and self.hall_code and self.secret)


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    hub_url: str
    hall_code: str
    pending: int  # outbox entries not yet acknowledged by the hub
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str  # plain Chinese, "" after a success
    parked: int  # batches refused for good, waiting for a person
    auto_minutes: int  # automatic sync interval; 0 = off
    catalogue_version: int
    calendar_version: int


@dataclass(frozen=True)
class SyncProgress:
    stage: str  # "发送记录" | "核对件数" | "接收目录和日历"
    done: int
    total: int


STAGE_SEND = "发送记录"
STAGE_COUNT = "核对件数"
STAGE_UPDATES = "接收目录和日历"


@dataclass(frozen=True)
class UpdateNote:
    """One downward update applied, for the "what changed" list."""

    at: datetime
    kind: str  # "catalogue" | "calendar"
    version: int
    summary: str


@dataclass(frozen=True)
class SyncResult:
    sent: int  # entries acknowledged in this run
    batches: int
    duplicates: int  # batches the hub had already applied
    pending: int  # left undelivered
    reconciled: int  # records re-queued after a count mismatch
    updates: tuple[UpdateNote, ...]
    error: str  # "" when everything went through

    @property
    def complete(self) -> bool:
        return self.error == "" and self.pending == 0


@dataclass(frozen=True)
class ParkedBatch:
    first_seq: int
    last_seq: int
    code: str
    message: str  # the hub's reason, in Chinese
    at: datetime


@dataclass(frozen=True)
class ExportResult:
    entries: int
    batches: int
    path: Path


@dataclass(frozen=True)
class AckResult:
    last_seq: int
    marked: int  # entries newly marked delivered
