"""Catalogue use cases: search, the item guide (办事指南), import and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from hallapp.core.catalogue import (
    FeeSpec,
    Handling,
    ItemSpec,
    MaterialForm,
    MaterialSpec,
)
from hallapp.core.limits import LimitUnit, TimeLimit
from hallapp.core.search_keys import normalise_query, search_key
from hallapp.db import repositories as repo
from hallapp.db.models import CatalogueImport, ItemFee, ItemMaterial, ItemVersion, ServiceItem
from hallapp.db.uow import UnitOfWork
from hallapp.errors import NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, require_any
from hallapp.services.catalogue_files import (
    CatalogueFileInvalid,
    ParsedCatalogue,
    read_catalogue_file,
    write_catalogue_file,
)


@dataclass(frozen=True)
class ItemRow:
    """One line of a catalogue search result."""

    version_id: int
    code: str
    name: str
    department: str
    item_type: str
    promised: TimeLimit
    legal: TimeLimit
    handling: Handling
    agent_service: bool


@dataclass(frozen=True)
class ItemGuide:
    """Everything the 办事指南 shows, for the screen and for printing."""

    version_id: int
    version: int
    spec: ItemSpec


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    added: int
    changed: int
    unchanged: int

    def summary(self) -> str:
        return f"新增 {self.added} 项，更新 {self.changed} 项，未变 {self.unchanged} 项"


def _row(version: ItemVersion, code: str) -> ItemRow:
    return ItemRow(
        version_id=version.id,
        code=code,
        name=version.name,
        department=version.department,
        item_type=version.item_type,
        promised=TimeLimit(version.promised_limit, LimitUnit(version.promised_unit)),
        legal=TimeLimit(version.legal_limit, LimitUnit(version.legal_unit)),
        handling=Handling(version.handling),
        agent_service=version.agent_service,
    )


def search_items(uow: UnitOfWork, query: str, limit: int = 200) -> list[ItemRow]:
    """Items whose name, code, department or pinyin initials contain every typed word."""
    terms = normalise_query(query).split()
    with uow:
        return [_row(v, code) for v, code in repo.search_current_items(uow.session, terms, limit)]


def count_items(uow: UnitOfWork) -> int:
    with uow:
        return repo.count_current_items(uow.session)


def _spec(version: ItemVersion, code: str, basic_code: str) -> ItemSpec:
    return ItemSpec(
        code=code,
        basic_code=basic_code,
        name=version.name,
        item_type=version.item_type,
        department=version.department,
        legal_limit=TimeLimit(version.legal_limit, LimitUnit(version.legal_unit)),
        promised_limit=TimeLimit(version.promised_limit, LimitUnit(version.promised_unit)),
        handling=Handling(version.handling),
        agent_service=version.agent_service,
        implementing_body=version.implementing_body,
        legal_basis=version.legal_basis,
        conditions=version.conditions,
        flow=version.flow,
        contact_phone=version.contact_phone,
        notes=version.notes,
        materials=tuple(
            MaterialSpec(m.name, MaterialForm(m.form), m.copies, m.required, m.notes)
            for m in version.materials
        ),
        fees=tuple(FeeSpec(f.name, f.amount_fen, f.basis) for f in version.fees),
    )


def item_guide(uow: UnitOfWork, version_id: int) -> ItemGuide:
    with uow:
        version = repo.item_version_full(uow.session, version_id)
        if version is None:
            raise NotFound(f"找不到事项（版本 {version_id}）")
        spec = _spec(version, version.item.code, version.item.basic_code)
        return ItemGuide(version.id, version.version, spec)


def export_items(uow: UnitOfWork) -> list[ItemSpec]:
    with uow:
        return [
            _spec(v, v.item.code, v.item.basic_code) for v in repo.all_current_versions(uow.session)
        ]


def import_catalogue(uow: UnitOfWork, actor: Actor, parsed: ParsedCatalogue) -> ImportResult:
    """Import a catalogue version: all or nothing.

    Items whose content changed get a new version; cases keep pointing at the version they
    were taken in under, so their deadlines never move because of an import.
    """
    require_any(actor, "导入事项目录", Role.SUPERVISOR, Role.ADMIN)
    problems = parsed.problems()
    if problems:
        raise CatalogueFileInvalid(parsed.source, problems)
    with uow:
        result = apply_catalogue(uow.session, actor, parsed, datetime.now())
        uow.commit()
        return result


def apply_catalogue(
    session: Session, actor: Actor, parsed: ParsedCatalogue, now: datetime
) -> ImportResult:
    """The import inside the caller's transaction, not committed: the county's downward
    update applies a catalogue and a calendar together or neither."""
    require_any(actor, "导入事项目录", Role.SUPERVISOR, Role.ADMIN)
    problems = parsed.problems()
    if problems:
        raise CatalogueFileInvalid(parsed.source, problems)
    record = CatalogueImport(
        label=parsed.label,
        source=parsed.source,
        sample=parsed.sample,
        imported_at=now,
        imported_by=actor.staff_id,
    )
    session.add(record)
    session.flush()
    existing = repo.current_hashes(session)
    new_items: list[ItemSpec] = []
    changed: list[tuple[ItemSpec, int, int]] = []  # spec, item id, next version number
    unchanged = 0
    for spec in parsed.items:
        known = existing.get(spec.code)
        if known is None:
            new_items.append(spec)
        elif known[3] != spec.content_hash():
            changed.append((spec, known[0], known[2] + 1))
        else:
            unchanged += 1
    if changed:
        # Retire the old versions first: a partial unique index allows one current each.
        old_ids = [existing[spec.code][1] for spec, _, _ in changed]
        session.execute(
            update(ItemVersion).where(ItemVersion.id.in_(old_ids)).values(is_current=False)
        )
    item_ids = _insert_items(session, new_items, now)
    rows = [(spec, item_id, 1) for spec, item_id in zip(new_items, item_ids, strict=True)]
    _insert_versions(session, rows + changed, record.id, now)
    record.added, record.changed, record.unchanged = len(new_items), len(changed), unchanged
    audit.record(
        session,
        actor,
        "catalogue.import",
        "catalogue_import",
        record.id,
        {
            "label": parsed.label,
            "source": parsed.source,
            "added": len(new_items),
            "changed": len(changed),
            "unchanged": unchanged,
        },
    )
    return ImportResult(record.id, len(new_items), len(changed), unchanged)


def _insert_items(session: Session, specs: list[ItemSpec], now: datetime) -> list[int]:
    if not specs:
        return []
    result = session.scalars(
        insert(ServiceItem).returning(ServiceItem.id, sort_by_parameter_order=True),
        [{"code": s.code, "basic_code": s.basic_code, "created_at": now} for s in specs],
    )
    return list(result)


def _insert_versions(
    session: Session, rows: list[tuple[ItemSpec, int, int]], import_id: int, now: datetime
) -> None:
    """Bulk inserts: a 5,000-item catalogue is ~30,000 rows, too many for one ORM object each."""
    if not rows:
        return
    version_ids = list(
        session.scalars(
            insert(ItemVersion).returning(ItemVersion.id, sort_by_parameter_order=True),
            [
                _version_values(spec, item_id, number, import_id, now)
                for spec, item_id, number in rows
            ],
        )
    )
    materials = [
        {
            "version_id": vid,
            "seq": i,
            "name": m.name,
            "form": m.form.value,
            "copies": m.copies,
            "required": m.required,
            "notes": m.notes,
        }
        for (spec, _, _), vid in zip(rows, version_ids, strict=True)
        for i, m in enumerate(spec.materials, start=1)
    ]
    fees = [
        {"version_id": vid, "seq": i, "name": f.name, "amount_fen": f.amount_fen, "basis": f.basis}
        for (spec, _, _), vid in zip(rows, version_ids, strict=True)
        for i, f in enumerate(spec.fees, start=1)
    ]
    if materials:
        session.execute(insert(ItemMaterial), materials)
    if fees:
        session.execute(insert(ItemFee), fees)


def _version_values(
    spec: ItemSpec, item_id: int, number: int, import_id: int, now: datetime
) -> dict[str, object]:
    return {
        "item_id": item_id,
        "version": number,
        "import_id": import_id,
        "is_current": True,
        "name": spec.name,
        "item_type": spec.item_type,
        "department": spec.department,
        "implementing_body": spec.implementing_body,
        "legal_basis": spec.legal_basis,
        "conditions": spec.conditions,
        "flow": spec.flow,
        "contact_phone": spec.contact_phone,
        "notes": spec.notes,
        "legal_limit": spec.legal_limit.value,
        "legal_unit": spec.legal_limit.unit.value,
        "promised_limit": spec.promised_limit.value,
        "promised_unit": spec.promised_limit.unit.value,
        "handling": spec.handling.value,
        "agent_service": spec.agent_service,
        "content_hash": spec.content_hash(),
        "search_key": search_key(spec.name, spec.department, spec.item_type),
        "created_at": now,
    }


def import_catalogue_file(uow: UnitOfWork, actor: Actor, path: Path) -> ImportResult:
    """Read ``path`` (JSON or XLSX) and import it; nothing is imported if it has any error."""
    require_any(actor, "导入事项目录", Role.SUPERVISOR, Role.ADMIN)
    return import_catalogue(uow, actor, read_catalogue_file(path))


def export_catalogue_file(uow: UnitOfWork, path: Path, label: str = "事项目录导出") -> int:
    items = export_items(uow)
    write_catalogue_file(path, items, label)
    return len(items)
