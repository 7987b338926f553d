"""Queries the services need, nothing more. All SQL goes through bound parameters."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from hallapp.db.models import Hall, ItemVersion, ServiceItem, Setting, Staff


def the_hall(session: Session) -> Hall | None:
    return session.scalars(select(Hall).order_by(Hall.id).limit(1)).first()


def staff_by_login(session: Session, login: str) -> Staff | None:
    return session.scalars(select(Staff).where(Staff.login == login)).first()


def setting(session: Session, key: str) -> Setting | None:
    return session.get(Setting, key)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def current_items_query(terms: Sequence[str]) -> Select[ItemVersion, str]:
    """Current item versions matching every term (name, code, department, pinyin)."""
    stmt = (
        select(ItemVersion, ServiceItem.code)
        .join(ServiceItem, ServiceItem.id == ItemVersion.item_id)
        .where(ItemVersion.is_current.is_(True))
    )
    for term in terms:
        pattern = f"%{_escape_like(term)}%"
        stmt = stmt.where(
            or_(
                ItemVersion.search_key.like(pattern, escape="\\"),
                ServiceItem.code.like(pattern, escape="\\"),
                ServiceItem.basic_code.like(pattern, escape="\\"),
            )
        )
    return stmt


def search_current_items(
    session: Session, terms: Sequence[str], limit: int
) -> list[tuple[ItemVersion, str]]:
    # Names that start with the first term come first: the clerk types the start of a name.
    first = f"{_escape_like(terms[0])}%" if terms else "%"
    starts = case((ItemVersion.name.like(first, escape="\\"), 0), else_=1)
    stmt = current_items_query(terms).order_by(starts, ItemVersion.name).limit(limit)
    return [(row[0], row[1]) for row in session.execute(stmt)]


def count_current_items(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(ItemVersion).where(ItemVersion.is_current.is_(True))
        )
        or 0
    )


def item_version_full(session: Session, version_id: int) -> ItemVersion | None:
    return session.scalars(
        select(ItemVersion)
        .where(ItemVersion.id == version_id)
        .options(
            selectinload(ItemVersion.materials),
            selectinload(ItemVersion.fees),
            selectinload(ItemVersion.item),
        )
    ).first()


def all_current_versions(session: Session) -> list[ItemVersion]:
    return list(
        session.scalars(
            select(ItemVersion)
            .join(ServiceItem)
            .where(ItemVersion.is_current.is_(True))
            .order_by(ServiceItem.code)
            .options(
                selectinload(ItemVersion.materials),
                selectinload(ItemVersion.fees),
                selectinload(ItemVersion.item),
            )
        )
    )


def current_hashes(session: Session) -> dict[str, tuple[int, int, int, str]]:
    """code -> (item id, current version id, version number, content hash)."""
    rows = session.execute(
        select(
            ServiceItem.code,
            ServiceItem.id,
            ItemVersion.id,
            ItemVersion.version,
            ItemVersion.content_hash,
        ).join(ItemVersion, (ItemVersion.item_id == ServiceItem.id) & ItemVersion.is_current)
    )
    return {code: (item_id, vid, ver, h) for code, item_id, vid, ver, h in rows}
