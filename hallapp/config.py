"""Where the app keeps its files, from a TOML file in the user config dir and env overrides.

Precedence: command-line ``--db`` > ``HALLAPP_DB`` > ``config.toml`` > the per-user data
directory.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "hallapp"
DB_FILENAME = "hallapp.sqlite3"


@dataclass(frozen=True)
class Settings:
    db_path: Path
    backup_dir: Path
    config_file: Path


def config_dir() -> Path:
    return Path(os.environ.get("HALLAPP_CONFIG_DIR") or user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(os.environ.get("HALLAPP_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))


def load_settings(db_override: str | os.PathLike[str] | None = None) -> Settings:
    config_file = config_dir() / "config.toml"
    file_values: dict[str, object] = {}
    if config_file.is_file():
        with config_file.open("rb") as fh:
            file_values = tomllib.load(fh)
    db = (
        db_override
        or os.environ.get("HALLAPP_DB")
        or file_values.get("database")
        or data_dir() / DB_FILENAME
    )
    db_path = Path(str(db)).expanduser()
    backup = (
        os.environ.get("HALLAPP_BACKUP_DIR")
        or file_values.get("backup_dir")
        or db_path.parent / "backups"
    )
    return Settings(
        db_path=db_path, backup_dir=Path(str(backup)).expanduser(), config_file=config_file
    )
