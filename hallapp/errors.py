"""Errors that reach the user: each carries a message in plain Chinese for the clerk."""

from __future__ import annotations

from pathlib import Path


class HallappError(Exception):
    """Base of every error the UI and the CLI show as a message rather than a trace."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StorageError(HallappError):
    """The database could not be written (disk full, read-only, I/O error)."""


class DatabaseDamaged(HallappError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"数据库文件已损坏或不是本系统的数据库：{path}（{detail}）")
        self.path = path
        self.detail = detail


class DatabaseTooNew(HallappError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"数据库文件 {path} 由更新版本的程序创建（结构版本 {revision}），"
            "本程序不能打开，也不会改动它。请升级程序后再打开。"
        )
        self.path = path
        self.revision = revision


class NotFound(HallappError):
    pass


class PermissionDenied(HallappError):
    pass


class InvalidInput(HallappError):
    """Input that breaks a rule; ``problems`` lists every one of them."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
