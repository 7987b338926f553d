"""`make bench` runs end to end. Only that it runs and reports is checked, never a timing."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import main


def test_quick_benchmarks_produce_a_table(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "results.json"
    assert main(["--quick", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    names = {row["name"] for row in data["rows"]}
    assert {"cold start: window shown, idle", "cold start: work areas ready"} <= names
    assert any(name.startswith("catalogue import") for name in names)
    assert any(name.startswith("add_workdays") for name in names)
    assert any(name.startswith("sync ") and "cases from scratch" in name for name in names)
    assert "sync bytes on the wire per case" in names
    assert "ratio" in capsys.readouterr().out
