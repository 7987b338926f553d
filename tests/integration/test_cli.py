"""The command line as a user runs it: a real process on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hallapp import __version__
from hallapp.resources import SAMPLE_CATALOGUE


def hallapp(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if db is not None:
        env["HALLAPP_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-m", "hallapp", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version() -> None:
    result = hallapp("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"hallapp {__version__}"


def test_help_is_in_plain_chinese() -> None:
    result = hallapp("--help")
    assert result.returncode == 0
    for words in ("init", "demo", "catalogue", "显示帮助", "数据库文件"):
        assert words in result.stdout
    sub = hallapp("catalogue", "import", "--help")
    assert "有任何错误时不导入任何内容" in sub.stdout


def test_init_then_demo_then_export_and_import(tmp_path: Path) -> None:
    db = tmp_path / "hall.sqlite3"
    init = hallapp(
        "init", "--hall-code", "430121104000", "--hall-name", "示例镇便民服务中心", db=db
    )
    assert init.returncode == 0, init.stderr
    assert "示例镇便民服务中心（430121104000）" in init.stdout
    demo = hallapp("demo", db=db)
    assert demo.returncode == 0, demo.stderr
    assert "导入示例事项目录：新增" in demo.stdout

    out = tmp_path / "catalogue.json"
    export = hallapp("--db", str(db), "catalogue", "export", str(out))
    assert export.returncode == 0, export.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    sample = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    assert len(exported["items"]) == len(sample["items"])

    again = hallapp("catalogue", "import", str(out), db=db)
    assert again.returncode == 0, again.stderr
    assert f"未变 {len(sample['items'])} 项" in again.stdout


def test_a_bad_file_lists_every_error_and_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "hall.sqlite3"
    data = json.loads(SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    data["items"][0]["code"] = "x"
    data["items"][1]["item_type"] = "不存在的类型"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = hallapp("catalogue", "import", str(bad), db=db)
    assert result.returncode == 1
    assert "有 2 处错误，未导入任何内容" in result.stderr
    assert "第1项字段 code：实施编码须为6至64位字母、数字或连字符" in result.stderr
    assert "第2项字段 item_type" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_explained(tmp_path: Path) -> None:
    result = hallapp("catalogue", "import", str(tmp_path / "nope.xlsx"), db=tmp_path / "h.db")
    assert result.returncode == 2
    assert "找不到文件" in result.stderr


def test_a_damaged_database_is_named_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "hall.sqlite3"
    db.write_bytes(b"garbage" * 100)
    result = hallapp("demo", db=db)
    assert result.returncode == 1
    assert str(db) in result.stderr
    assert db.read_bytes() == b"garbage" * 100


def test_backup_writes_a_verified_copy(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "hall.sqlite3"
    assert hallapp("demo", db=db).returncode == 0
    result = hallapp("backup", "--to", str(tmp_path / "usb"), db=db)
    assert result.returncode == 0, result.stderr
    copies = list((tmp_path / "usb").glob("hall-*.sqlite3"))
    assert len(copies) == 1 and str(copies[0]) in result.stdout
    conn = sqlite3.connect(copies[0])
    assert conn.execute("SELECT name FROM halls").fetchone() == ("示例镇便民服务中心",)
    conn.close()
    missing = hallapp("backup", db=tmp_path / "none.sqlite3")
    assert missing.returncode == 2 and "找不到数据库文件" in missing.stderr
