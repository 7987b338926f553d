"""Verification of the audit trail's hash chain (``hallapp audit verify``).

The trail is walked in id order in one read transaction (a consistent snapshot, never
waiting for the writer) with rows fetched in pages, so memory stays bounded on a
million-case hall's trail of several million records.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hallapp.core.audit_chain import GENESIS, record_hash
from hallapp.db.uow import UnitOfWork

FETCH = 10_000
_ROWS = (
    "SELECT id, at, actor_id, actor_name, action, entity, entity_id, detail, prev_hash, hash"
    " FROM audit_log ORDER BY id"
)


class Break(StrEnum):
    HASH = "hash"  # the record's own columns no longer give its hash: it was changed
    PREV_HASH = "prev_hash"  # it does not follow the record before: one removed or added


@dataclass(frozen=True)
class BrokenLink:
    record_id: int
    at: str
    kind: Break
    previous_id: int | None  # the record before it in the file (None: it is the first)

    @property
    def message(self) -> str:
        where = f"审计记录 #{self.record_id}（{self.at[:19]}）"
        if self.kind is Break.HASH:
            return f"{where}的内容与其哈希值不符：该记录被修改过"
        if self.previous_id is None:
            return f"{where}是现存第一条，却不是链条的起点：此前的记录被删除过"
        missing = ""
        if self.record_id != self.previous_id + 1:
            missing = f"，其间缺少编号 {self.previous_id + 1}–{self.record_id - 1} 的记录"
        return (
            f"{where}记下的上一条哈希值与上一条记录 #{self.previous_id} 不符{missing}："
            "记录被删除、插入或改动过"
        )


@dataclass(frozen=True)
class ChainReport:
    checked: int  # records found intact before the first broken link (all of them if none)
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify_chain(uow: UnitOfWork) -> ChainReport:
    """Walk the chain from its first record; stop at the first broken link."""
    with uow:
        conn = uow.session.connection().execution_options(yield_per=FETCH)
        expected, previous_id = GENESIS, None
        checked = 0
        # Raw values, not ORM objects: the hash is over the text the file holds.
        for row in conn.exec_driver_sql(_ROWS):
            rid, at, actor_id, actor_name, action, entity, entity_id, detail, prev, digest = row
            if prev != expected:
                return ChainReport(checked, BrokenLink(rid, at, Break.PREV_HASH, previous_id))
            own = record_hash(
                prev, rid, at, actor_id, actor_name, action, entity, entity_id, detail
            )
            if own != digest:
                return ChainReport(checked, BrokenLink(rid, at, Break.HASH, previous_id))
            expected, previous_id = digest, rid
            checked += 1
        return ChainReport(checked, None)
