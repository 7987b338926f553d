"""`hallapp hub stats` as the county's administrator runs it: the page's table on the
terminal, the same workbook with --out, refusals before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from hallapp.cli import main
from hallapp.hub.stats_table import COLUMNS
from hallapp.hub.store import HubStore
from tests.hub.conftest import HALL, StepClock
from tests.hub.test_stats_page import EXPECTED, check_workbook, deliver_november


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A county with ``deliver_november``'s records."""
    path = tmp_path / "county" / "hub.sqlite3"
    store = HubStore(str(path), clock=StepClock())
    try:
        deliver_november(store, store.add_hall(HALL, "城关镇便民服务中心"))
    finally:
        store.close()
    return str(path)


def stats(db: str, *args: str) -> int:
    return main(["hub", "stats", "--db", db, *args])


def test_the_table_of_a_period(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert stats(db, "--from", "2026-11-01", "--to", "2026-11-30") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "统计期间：2026年11月1日—2026年11月30日"
    assert lines[1].split() == [c.title for c in COLUMNS]
    assert [line.split() for line in lines[2:]] == [
        EXPECTED[0],
        EXPECTED[1],
        EXPECTED[2][1:],  # the total has no code
    ]


def test_out_writes_the_workbook_of_the_page(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "县级统计.xlsx"
    assert stats(db, "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)) == 0
    assert f"已导出县级统计（2 个服务中心及全县合计）：{out}" in capsys.readouterr().out
    check_workbook(load_workbook(out))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-11-30", "--to", "2026-11-01"), "起始日期（2026-11-30）晚于截止日期"),
        (("--from", "2026-11-31", "--to", "2026-12-01"), "起始日期“2026-11-31”不是有效日期"),
        (("--from", "2026-11-01", "--to", "30.11.2026"), "截止日期“30.11.2026”不是有效日期"),
        (
            ("--from", "2026-11-01", "--to", "2026-11-30", "--out", "stats.csv"),
            "统计表文件须以 .xlsx 结尾：stats.csv",
        ),
        (
            ("--from", "2026-11-01", "--to", "2026-11-30", "--out", "no/such/dir/s.xlsx"),
            "统计表文件所在的文件夹不存在：no/such/dir",
        ),
    ],
)
def test_what_it_refuses(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert stats(str(tmp_path / "hub.sqlite3"), *args) == 1
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
    assert not (tmp_path / "hub.sqlite3").exists()  # refused before the database is opened
    assert list(tmp_path.iterdir()) == []
