"""Downward publications: catalogue versions and calendar years for the halls.

A file is checked with the same readers the halls use before anything is stored, so a
hall never receives a catalogue or calendar it would refuse. Versions count up per kind.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select

from hallapp.hub.database import WRITE
from hallapp.hub.errors import HubError
from hallapp.hub.schema import publications
from hallapp.services.calendar_files import read_calendar_file
from hallapp.services.catalogue_files import read_catalogue_file, write_catalogue_file

CATALOGUE = "catalogue"
CALENDAR = "calendar"


def catalogue_content(path: Path) -> tuple[str, dict[str, Any]]:
    """The catalogue's label and its JSON form. An Excel catalogue is checked and
    converted to the JSON form of ``hallapp catalogue export``, which the halls read."""
    parsed = read_catalogue_file(path)  # raises CatalogueFileInvalid with every problem
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            converted = Path(tmp) / "catalogue.json"
            write_catalogue_file(converted, parsed.items, parsed.label)
            data = json.loads(converted.read_text(encoding="utf-8"))
    return parsed.label, data


def calendar_content(path: Path) -> tuple[int, str, dict[str, Any]]:
    arrangement = read_calendar_file(path)  # raises CalendarFileInvalid with every problem
    data = json.loads(path.read_text(encoding="utf-8"))
    return arrangement.year, arrangement.source, data


def publish(
    engine: Engine, kind: str, label: str, year: int | None, content: Any, now: datetime
) -> int:
    """Store one more version of ``kind``; returns its version number."""
    if not label:
        label = f"{year}年节假日安排" if year else "事项目录"
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        last = conn.execute(
            select(func.max(publications.c.version)).where(publications.c.kind == kind)
        ).scalar()
        version = (last or 0) + 1
        conn.execute(
            insert(publications).values(
                kind=kind,
                version=version,
                label=label[:200],
                year=year,
                content=text,
                published_at=now,
            )
        )
    return version


def updates_after(engine: Engine, catalogue_after: int, calendar_after: int) -> dict[str, Any]:
    """What a hall has not applied yet, oldest first (the contract's /updates answer)."""
    out: dict[str, Any] = {CATALOGUE: [], CALENDAR: []}
    with engine.connect() as conn:
        for kind, after in ((CATALOGUE, catalogue_after), (CALENDAR, calendar_after)):
            rows = conn.execute(
                select(publications)
                .where(publications.c.kind == kind, publications.c.version > after)
                .order_by(publications.c.version)
            ).all()
            for row in rows:
                item: dict[str, Any] = {
                    "version": row.version,
                    "published_at": row.published_at.isoformat(timespec="seconds"),
                    "content": json.loads(row.content),
                }
                if kind == CATALOGUE:
                    item["label"] = row.label
                else:
                    item["year"] = row.year
                out[kind].append(item)
    return out


def check_suffix(path: Path, allowed: tuple[str, ...], what: str) -> None:
    if not path.is_file():
        raise HubError(f"找不到{what}文件：{path}")
    if path.suffix.lower() not in allowed:
        raise HubError(f"{what}文件须为 {' 或 '.join(allowed)} 格式：{path}")
