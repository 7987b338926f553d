"""Unit of work: one service call, one transaction; rolled back unless committed."""

from __future__ import annotations

import sqlite3
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from hallapp.db.engine import WRITE
from hallapp.errors import StorageError

_STORAGE_FAILURES = {
    "database or disk is full": "磁盘已满",
    "attempt to write a readonly database": "数据库文件为只读",
    "disk i/o error": "磁盘读写错误",
    "unable to open database file": "无法打开数据库文件",
    "database is locked": "数据库正被另一个程序占用",
}


def storage_error_from(exc: BaseException) -> StorageError | None:
    """The clerk-facing error for a storage failure, or None if ``exc`` is another error."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.OperationalError | sqlite3.DatabaseError):
        return None
    text = str(orig).lower()
    for needle, reason in _STORAGE_FAILURES.items():
        if needle in text:
            return StorageError(f"保存失败：{reason}。已填写的内容没有丢失，请处理后重试。")
    return None


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — anything not committed is rolled back."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None
        if exc is not None:
            storage = storage_error_from(exc)
            if storage is not None:
                raise storage from exc

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine.execution_options(**WRITE), expire_on_commit=False)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for queries only: a deferred BEGIN never waits for the writer."""
    return sessionmaker(bind=engine, expire_on_commit=False)
