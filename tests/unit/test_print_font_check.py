"""The print fonts are checked when the app starts: a broken one is named, in Chinese, and
stops printing only."""

from __future__ import annotations

from pathlib import Path

import pytest

from hallapp.documents import font_check
from hallapp.ui.launch import print_font_problem


def test_the_shipped_fonts_pass() -> None:
    assert print_font_problem() is None


def test_a_broken_fallback_font_is_named_and_printing_only_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "hallapp-fallback.ttf"
    broken.write_bytes(b"OTTO" + bytes(200))
    monkeypatch.setattr(font_check, "FALLBACK_FONT", broken)
    problem = print_font_problem()
    assert problem is not None
    assert str(broken) in problem and "CFF" in problem and "打印暂不可用" in problem
