"""The hub's administration API: halls and their credentials, batches, publications,
the county staff's accounts. Used by the CLI, the HTTP app and tests.

Every method is one transaction (or, for an import, one per batch, as over HTTP).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select
from sqlalchemy.exc import IntegrityError

from hallapp.core.numbering import InvalidCaseNumber, check_division_code
from hallapp.hub import publications as pub
from hallapp.hub import transfer
from hallapp.hub.credentials import Credential
from hallapp.hub.database import WRITE, create_hub_engine, upgrade_engine
from hallapp.hub.errors import HubError
from hallapp.hub.passwords import hash_password, verify_password
from hallapp.hub.receive import receive_batch
from hallapp.hub.schema import halls, record_versions, records, refusals, settings, users
from hallapp.sync.protocol import Ack, Batch, make_secret

Clock = Callable[[], datetime]
MAX_DIGEST_LIMIT = 5000


@dataclass(frozen=True)
class HallRow:
    code: str
    name: str
    created_at: datetime
    last_seq: int
    last_batch_at: datetime | None
    cases: int
    pending_warnings: int  # refusals since the hall's last applied batch


class HubStore:
    """The hub's database at ``database_url`` (SQLite file or PostgreSQL), migrated on
    opening. ``clock`` is the hub's time, replaceable in tests."""

    def __init__(self, database_url: str, *, clock: Clock = datetime.now) -> None:
        self.engine: Engine = create_hub_engine(database_url)
        self.clock = clock
        upgrade_engine(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- halls ---------------------------------------------------------------------------

    def add_hall(self, code: str, name: str) -> Credential:
        """登记服务中心: a new hall and its secret."""
        code = code.strip()
        name = name.strip()
        try:
            check_division_code(code)
        except InvalidCaseNumber as exc:
            raise HubError(f"服务中心代码无效：{exc.message}") from exc
        if not name:
            raise HubError("服务中心名称不能为空")
        now = self.clock()
        secret = make_secret()
        try:
            with self._write() as conn:
                conn.execute(
                    insert(halls).values(
                        code=code, name=name, secret=secret, created_at=now, last_seq=0
                    )
                )
        except IntegrityError as exc:
            raise HubError(f"服务中心 {code} 已经登记过，不能重复登记") from exc
        return Credential(code, name, secret, now.isoformat(timespec="seconds"))

    def halls(self) -> list[HallRow]:
        cases = (
            select(records.c.hall_code, func.count().label("n"))
            .where(records.c.entity == "case")
            .group_by(records.c.hall_code)
            .subquery()
        )
        pending = (
            select(refusals.c.hall_code, func.count().label("n"))
            .select_from(refusals.join(halls, halls.c.code == refusals.c.hall_code))
            .where(or_(halls.c.last_batch_at.is_(None), refusals.c.at > halls.c.last_batch_at))
            .group_by(refusals.c.hall_code)
            .subquery()
        )
        query = (
            select(
                halls.c.code,
                halls.c.name,
                halls.c.created_at,
                halls.c.last_seq,
                halls.c.last_batch_at,
                func.coalesce(cases.c.n, 0),
                func.coalesce(pending.c.n, 0),
            )
            .outerjoin(cases, cases.c.hall_code == halls.c.code)
            .outerjoin(pending, pending.c.hall_code == halls.c.code)
            .order_by(halls.c.code)
        )
        with self.engine.connect() as conn:
            return [HallRow(*row) for row in conn.execute(query)]

    def hall_secret(self, code: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(halls.c.secret).where(halls.c.code == code)).scalar()

    # --- batches -------------------------------------------------------------------------

    def receive(self, batch: Batch, source: str = "http") -> Ack:
        """Apply a batch (raises BatchRefused, recorded as a pending warning)."""
        return receive_batch(self.engine, batch, source, self.clock)

    def import_file(self, path: Path) -> tuple[Path, transfer.ImportSummary]:
        """Apply an export file's batches; writes and returns ``FILE.ack.json``. A file
        that is not intact raises HubError with nothing applied and no ack written."""
        hall_code, secret, batches = transfer.read_batches(path, self.hall_secret)
        transfer.verify_batches(batches, secret)
        summary = transfer.apply_batches(
            hall_code, batches, lambda b: self.receive(b, "file"), self.state(hall_code)["last_seq"]
        )
        hub_last = int(self.state(hall_code)["last_seq"])
        summary.last_seq = hub_last
        return transfer.write_ack(path, summary, secret, hub_last), summary

    # --- what a hall asks ----------------------------------------------------------------

    def state(self, hall_code: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            last = conn.execute(select(halls.c.last_seq).where(halls.c.code == hall_code)).scalar()
            if last is None:
                raise HubError(f"服务中心 {hall_code} 未在县级平台登记")
            counts = conn.execute(
                select(records.c.entity, func.count())
                .where(records.c.hall_code == hall_code)
                .group_by(records.c.entity)
            ).all()
        return {"hall_code": hall_code, "last_seq": int(last), "counts": dict(counts)}

    def digest(self, hall_code: str, entity: str, after: str = "", limit: int = 1000) -> list:
        """[[entity_id, content_hash], ...] of the hall's records of ``entity`` after the
        id ``after``, in order of id."""
        limit = max(1, min(limit, MAX_DIGEST_LIMIT))
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(records.c.entity_id, records.c.content_hash)
                .where(
                    records.c.hall_code == hall_code,
                    records.c.entity == entity,
                    records.c.entity_id > after,
                )
                .order_by(records.c.entity_id)
                .limit(limit)
            ).all()
        return [[r.entity_id, r.content_hash] for r in rows]

    def updates(self, hall_code: str, catalogue_after: int, calendar_after: int) -> dict:
        self.state(hall_code)  # an unknown hall gets nothing
        return pub.updates_after(self.engine, catalogue_after, calendar_after)

    # --- records (tests, reconcile checks) -----------------------------------------------

    def record(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(records).where(records.c.entity == entity, records.c.entity_id == entity_id)
            ).first()
        if row is None:
            return None
        out = dict(row._mapping)
        out["payload"] = json.loads(row.payload)
        return out

    def records_hashes(self, hall_code: str) -> dict[tuple[str, str], str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(records.c.entity, records.c.entity_id, records.c.content_hash).where(
                    records.c.hall_code == hall_code
                )
            ).all()
        return {(r.entity, r.entity_id): r.content_hash for r in rows}

    def version_count(
        self, hall_code: str | None = None, entity: str | None = None, entity_id: str | None = None
    ) -> int:
        conditions = [
            col == value
            for col, value in (
                (record_versions.c.hall_code, hall_code),
                (record_versions.c.entity, entity),
                (record_versions.c.entity_id, entity_id),
            )
            if value is not None
        ]
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(record_versions).where(and_(True, *conditions))
            return int(conn.execute(query).scalar_one())

    # --- publications --------------------------------------------------------------------

    def publish_catalogue(self, path: Path) -> int:
        """发布事项目录: check the file as the halls would, store it as the next version."""
        pub.check_suffix(path, (".json", ".xlsx", ".xlsm"), "事项目录")
        label, content = pub.catalogue_content(path)
        return pub.publish(self.engine, pub.CATALOGUE, label, None, content, self.clock())

    def publish_calendar(self, path: Path) -> int:
        """发布节假日安排 for one year."""
        pub.check_suffix(path, (".json",), "节假日安排")
        year, source, content = pub.calendar_content(path)
        return pub.publish(self.engine, pub.CALENDAR, source, year, content, self.clock())

    # --- the county staff's accounts -----------------------------------------------------

    def add_user(self, username: str, password: str) -> None:
        username = username.strip()
        if not username or len(username) > 64:
            raise HubError("用户名不能为空，且不超过64个字符")
        if len(password) < 8:
            raise HubError("密码至少8位")
        try:
            with self._write() as conn:
                conn.execute(
                    insert(users).values(
                        username=username,
                        password_hash=hash_password(password),
                        created_at=self.clock(),
                    )
                )
        except IntegrityError as exc:
            raise HubError(f"用户 {username} 已存在") from exc

    def check_login(self, username: str, password: str) -> bool:
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(users.c.password_hash).where(users.c.username == username)
            ).scalar()
        if stored is None:
            # The same work as for a real account: the answer's time does not tell
            # whether the name exists.
            verify_password(password, _dummy_hash())
            return False
        return verify_password(password, stored)

    def user_exists(self, username: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(select(users.c.username).where(users.c.username == username))
            return found.first() is not None

    # --- settings ------------------------------------------------------------------------

    def setting(self, key: str, make: Callable[[], str]) -> str:
        """The setting ``key``, created with ``make()`` the first time it is asked for."""
        with self.engine.connect() as conn:
            value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        if value is not None:
            return str(value)
        with suppress(IntegrityError), self._write() as conn:  # another process made it
            conn.execute(insert(settings).values(key=key, value=make()))
        with self.engine.connect() as conn:
            return str(
                conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one()
            )

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(**WRITE) as conn, conn.begin():
            yield conn


@cache
def _dummy_hash() -> str:
    return hash_password("no such user")
