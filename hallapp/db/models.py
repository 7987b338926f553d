"""Tables of the hall database (SQLAlchemy 2 typed models)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hallapp.db.base import Base


class Hall(Base):
    """便民服务中心: the hall this database belongs to (one row)."""

    __tablename__ = "halls"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # 12-digit 区划代码
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    opening_time: Mapped[str] = mapped_column(String(5), default="08:30")
    closing_time: Mapped[str] = mapped_column(String(5), default="17:30")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    roles: Mapped[str] = mapped_column(String(200), default="clerk")  # comma separated
    window: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CatalogueImport(Base):
    """One import of a catalogue file: a catalogue version."""

    __tablename__ = "catalogue_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(300))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)


class ServiceItem(Base):
    """事项 by its 实施编码; its content lives in versions."""

    __tablename__ = "service_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    basic_code: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    versions: Mapped[list[ItemVersion]] = relationship(
        back_populates="item", order_by="ItemVersion.version"
    )


class ItemVersion(Base):
    """An item as one catalogue import described it. Cases point at the version they were
    taken in under, so a later change of limits never moves an existing deadline."""

    __tablename__ = "item_versions"
    __table_args__ = (
        Index("uq_item_versions_item_id_version", "item_id", "version", unique=True),
        Index(
            "uq_item_versions_current",
            "item_id",
            unique=True,
            sqlite_where=text("is_current = 1"),
            postgresql_where=text("is_current"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id"))
    version: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[int] = mapped_column(ForeignKey("catalogue_imports.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    name: Mapped[str] = mapped_column(String(100))
    item_type: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(100), index=True)
    implementing_body: Mapped[str] = mapped_column(String(100), default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    flow: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    legal_limit: Mapped[int] = mapped_column(Integer)
    legal_unit: Mapped[str] = mapped_column(String(16))
    promised_limit: Mapped[int] = mapped_column(Integer)
    promised_unit: Mapped[str] = mapped_column(String(16))
    handling: Mapped[str] = mapped_column(String(16))
    agent_service: Mapped[bool] = mapped_column(Boolean)
    content_hash: Mapped[str] = mapped_column(String(64))
    search_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    item: Mapped[ServiceItem] = relationship(back_populates="versions")
    materials: Mapped[list[ItemMaterial]] = relationship(
        order_by="ItemMaterial.seq", cascade="all, delete-orphan"
    )
    fees: Mapped[list[ItemFee]] = relationship(order_by="ItemFee.seq", cascade="all, delete-orphan")


class ItemMaterial(Base):
    __tablename__ = "item_materials"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(20))
    copies: Mapped[int] = mapped_column(Integer)
    required: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")


class ItemFee(Base):
    __tablename__ = "item_fees"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    amount_fen: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A hall setting as JSON text; the services know each key's meaning."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRecord(Base):
    """Who did what, when; written in the same transaction as the change it records."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_name: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="{}")


class CalendarYear(Base):
    """A year whose holiday arrangement the hall has been given beyond the built-in data
    (e.g. the State Council's 2027 arrangement): deadlines in it are no longer provisional."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(20))  # local | county
    note: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(40))


class CalendarOverride(Base):
    """One day whose kind differs from the built-in calendar, or that the built-in data
    does not know: a holiday (is_workday false) or a make-up working day (true)."""

    __tablename__ = "calendar_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))  # local | county
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(40))
