"""Shared fixtures: a real SQLite file per test, migrated; Qt offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hallapp.app import AppContext, open_database
from hallapp.config import Settings
from hallapp.services.actors import COMMAND_LINE, Actor
from hallapp.services.demo import seed_demo
from hallapp.services.halls import actor_for

# In CI the property tests draw the same examples on every run, so a submission is judged
# on its code, not on its luck; on a developer's machine they keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing a test does may touch the real user's config or data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HALLAPP_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("HALLAPP_DATA_DIR", str(home / "data"))
    monkeypatch.delenv("HALLAPP_DB", raising=False)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        db_path=tmp_path / "hall.sqlite3",
        backup_dir=tmp_path / "backups",
        config_file=tmp_path / "config.toml",
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[AppContext]:
    context = open_database(settings)
    yield context
    context.close()


@pytest.fixture
def demo(ctx: AppContext) -> AppContext:
    """A database with the demo hall, its staff and the sample catalogue."""
    seed_demo(ctx.uow(), COMMAND_LINE)
    return ctx


@pytest.fixture
def clerk(demo: AppContext) -> Actor:
    return actor_for(demo.read_uow(), "zhangmin")


@pytest.fixture
def supervisor(demo: AppContext) -> Actor:
    return actor_for(demo.read_uow(), "lijianguo")
