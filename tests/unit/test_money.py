"""Amounts in figures and in Chinese capital numerals, as a 收费收据 writes them."""

from __future__ import annotations

import pytest

from hallapp.core.money import capital_amount, yuan


@pytest.mark.parametrize(
    ("fen", "capitals"),
    [
        (0, "零元整"),
        (12000, "壹佰贰拾元整"),
        (1100, "壹拾壹元整"),
        (10100, "壹佰零壹元整"),
        (100500, "壹仟零伍元整"),
        (100550, "壹仟零伍元伍角"),
        (1005, "壹拾元零伍分"),
        (101, "壹元零壹分"),
        (110, "壹元壹角"),
        (35, "叁角伍分"),
        (5, "伍分"),
        (10000000, "壹拾万元整"),
        (10010000, "壹拾万零壹佰元整"),
        (100010000, "壹佰万零壹佰元整"),
        (1000000000, "壹仟万元整"),
    ],
)
def test_capital_amounts(fen: int, capitals: str) -> None:
    assert capital_amount(fen) == capitals


def test_figures_have_two_decimals_and_thousands() -> None:
    assert [yuan(f) for f in (0, 5, 12000, 123456789)] == ["0.00", "0.05", "120.00", "1,234,567.89"]


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        capital_amount(-1)
