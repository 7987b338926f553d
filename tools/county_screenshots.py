"""Pictures of the county hub's overview pages (docs/county-*.png), as county staff see
them in a browser: three townships' demo cases delivered to a real hub store, the pages
served by the hub's own app and drawn by headless Chromium. The statistics show the year
of the pictures' day (本年).

Called by tools/screenshots.py; needs Debian's chromium (tools/system-deps.sh screenshots).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from starlette.testclient import TestClient

from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.db.models import OutboxEntry
from hallapp.hub.app import create_app
from hallapp.hub.store import HubStore
from hallapp.services.actors import COMMAND_LINE
from hallapp.services.demo import DEMO_HALL, seed_demo
from hallapp.services.demo_cases import generate_cases
from hallapp.services.halls import HallProfile, initialise_hall
from hallapp.sync.protocol import Entry, make_batch

# Fictional townships of one county, each with its own database and its own history.
TOWNSHIPS = (
    (DEMO_HALL, 900, 11),
    (
        HallProfile("430121105000", "青山镇便民服务中心", "0731-86902345", "示例县青山镇建设路8号"),
        600,
        12,
    ),
    (
        HallProfile("430121106000", "白沙乡便民服务中心", "0731-86903456", "示例县白沙乡中心街3号"),
        300,
        13,
    ),
)
PAGES = (
    ("county-halls.png", "/"),
    ("county-cases.png", "/cases"),
    ("county-overdue.png", "/overdue"),
)
VIEWER = ("county", "county-pass-2026")


def _pages(today: date) -> tuple[tuple[str, str], ...]:
    year = f"from={today.year}-01-01&to={today.year}-12-31"
    return (*PAGES, ("county-stats.png", f"/stats?{year}"))


def _deliver(
    store: HubStore, work: Path, profile: HallProfile, cases: int, seed: int, today: date
) -> None:
    """A township's whole outbox, delivered as the sender would deliver it."""
    ctx = open_database(
        Settings(
            db_path=work / f"{profile.code}.sqlite3",
            backup_dir=work / "backups",
            config_file=work / "config.toml",
        )
    )
    try:
        initialise_hall(ctx.uow(), COMMAND_LINE, profile)
        seed_demo(ctx.uow(), COMMAND_LINE)
        generate_cases(ctx.uow(), COMMAND_LINE, cases, seed=seed, today=today, outbox="all")
        secret = store.add_hall(profile.code, profile.name).secret
        with ctx.engine.connect() as conn:
            rows = conn.execute(select(OutboxEntry.__table__).order_by(OutboxEntry.seq)).all()
        entries = [
            Entry(
                r.seq, r.entity, r.entity_id, r.op, json.loads(r.payload), r.created_at.isoformat()
            )
            for r in rows
        ]
        for start in range(0, len(entries), 500):
            store.receive(make_batch(profile.code, secret, entries[start : start + 500]))
    finally:
        ctx.close()


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("county pages need Chromium: run tools/system-deps.sh screenshots")


def _draw(browser: str, html: Path, target: Path, profile_dir: Path) -> None:
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile_dir}",
            "--window-size=1280,800",
            f"--screenshot={target}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def shoot_county(out: Path, today: date) -> None:
    browser = _chromium()
    work = Path(tempfile.mkdtemp(prefix="hallapp-county-"))
    url = f"sqlite:///{work / 'hub.sqlite3'}"
    # The hub stamps each hall's last sync: a fixed morning keeps the picture stable.
    store = HubStore(
        url, clock=lambda: datetime.combine(today, datetime.min.time()).replace(hour=10, minute=42)
    )
    try:
        for profile, cases, seed in TOWNSHIPS:
            _deliver(store, work, profile, cases, seed, today)
        store.add_user(*VIEWER)
    finally:
        store.close()
    with TestClient(create_app(url, today=lambda: today)) as client:
        client.post("/login", data={"username": VIEWER[0], "password": VIEWER[1]})
        for name, path in _pages(today):
            page = client.get(path)
            page.raise_for_status()
            html = work / (name + ".html")
            html.write_text(page.text, encoding="utf-8")
            _draw(browser, html, out / name, work / "chromium")
    shutil.rmtree(work, ignore_errors=True)
