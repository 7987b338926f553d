"""Downward updates from the county hub: catalogue versions and calendar years.

Everything one answer of ``GET /updates`` brings is applied in one transaction with the
new version numbers: a hall never runs on half an update (a new catalogue whose
deadlines assume a calendar year it does not have). A bad update is applied not at all,
and the error is the caller's to report; sending upward goes on regardless.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hallapp.db.models import SyncUpdate
from hallapp.db.uow import UnitOfWork
from hallapp.errors import HallappError, InvalidInput
from hallapp.services.actors import Actor, Role
from hallapp.services.calendar import apply_arrangement
from hallapp.services.calendar_files import parse_arrangement
from hallapp.services.catalogue import apply_catalogue
from hallapp.services.catalogue_files import ParsedCatalogue
from hallapp.services.sync_store import state_row
from hallapp.services.sync_types import UpdateNote

# The imports require a supervisor: the county's publication stands for one.
COUNTY_HUB = Actor(
    staff_id=None, login="county-hub", name="县级平台", roles=frozenset({Role.SUPERVISOR})
)


class UpdateRejected(InvalidInput):
    """A downward update that cannot be applied; nothing of the answer was applied."""


def apply_updates(uow: UnitOfWork, data: dict[str, Any], now: datetime) -> list[UpdateNote]:
    """Apply every catalogue version and calendar year in ``data`` newer than the ones
    applied, all or nothing; the notes of what changed, oldest first."""
    with uow:
        session = uow.session
        state = state_row(session)
        notes: list[UpdateNote] = []
        try:
            for item in _newer(data.get("catalogue"), state.catalogue_version, "事项目录"):
                version = int(item["version"])
                parsed = _parse_catalogue(item["content"], f"县级平台事项目录第{version}版")
                parsed.label = str(item.get("label") or parsed.label)
                result = apply_catalogue(session, COUNTY_HUB, parsed, now)
                summary = f"事项目录 第{version}版：新增{result.added}项，变更{result.changed}项"
                notes.append(UpdateNote(now, "catalogue", version, summary))
                state.catalogue_version = version
            for item in _newer(data.get("calendar"), state.calendar_version, "节假日安排"):
                version = int(item["version"])
                arrangement = parse_arrangement(
                    _as_json(item["content"]), f"县级平台节假日安排第{version}版", origin="county"
                )
                imported = apply_arrangement(session, COUNTY_HUB, arrangement, now)
                summary = (
                    f"{imported.year}年节假日安排：{imported.days}天节假日和调休，"
                    f"{imported.moved_cases}件办件期限随之调整"
                )
                notes.append(UpdateNote(now, "calendar", version, summary))
                state.calendar_version = version
        except HallappError as exc:
            detail = "；".join(getattr(exc, "problems", [])[:3])
            raise UpdateRejected(
                f"县级平台下发的目录或日历有误，未应用：{exc.message}"
                + (f"（{detail}）" if detail else "")
            ) from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise UpdateRejected(f"县级平台下发的目录或日历格式有误，未应用：{exc}") from exc
        session.add_all(
            SyncUpdate(at=n.at, kind=n.kind, version=n.version, summary=n.summary) for n in notes
        )
        uow.commit()
        return notes


def update_notes(uow: UnitOfWork, limit: int = 50) -> list[UpdateNote]:
    """The updates applied, newest first."""
    with uow:
        rows = uow.session.scalars(
            select(SyncUpdate).order_by(SyncUpdate.id.desc()).limit(limit)
        ).all()
        return [UpdateNote(r.at, r.kind, r.version, r.summary) for r in rows]


def _newer(items: object, applied: int, what: str) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError(f"{what}列表格式不对")
    newer = [i for i in items if int(i["version"]) > applied]
    return sorted(newer, key=lambda i: int(i["version"]))


def _as_json(content: object) -> object:
    """Content arrives as the file's JSON object, or as its text."""
    return json.loads(content) if isinstance(content, str | bytes) else content


def _parse_catalogue(content: object, source: str) -> ParsedCatalogue:
    # The JSON reader works on files; the content goes through a temporary one so the
    # county's catalogue is read by exactly the code that reads an imported file.
    from hallapp.services.catalogue_json import read_json

    data = _as_json(content)
    with tempfile.TemporaryDirectory(prefix="hallapp-update-") as folder:
        path = Path(folder) / "catalogue.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        parsed = read_json(path)
    parsed.source = source
    return parsed
