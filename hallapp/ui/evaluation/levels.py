"""How the five levels of 好差评 look and which key picks each.

The applicant's screen lays them out left to right from 非常满意 to 非常不满意, in colours
from green to red; the digit printed on each button is the key that picks it (1 for the
leftmost), so a keypad on the applicant's side needs no explanation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from hallapp.core.evaluation import Rating

ORDER: tuple[Rating, ...] = tuple(Rating)
KEYS: dict[int, Rating] = {
    int(key): rating
    for key, rating in zip(
        (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5),
        ORDER,
        strict=True,
    )
}
# Dark enough that white bold text reads at a glance on every one of them.
BUTTON_COLOURS: dict[Rating, str] = {
    Rating.VERY_SATISFIED: "#1b7a36",
    Rating.SATISFIED: "#4d8f22",
    Rating.BASIC: "#9a7400",
    Rating.DISSATISFIED: "#c0500e",
    Rating.VERY_DISSATISFIED: "#b01d14",
}
# Background and text colour of a rating shown as a chip on the clerk's side.
CHIP_COLOURS: dict[Rating, tuple[str, str]] = {
    Rating.VERY_SATISFIED: ("#d4efd8", "#17612a"),
    Rating.SATISFIED: ("#e3f2e5", "#2e6b1f"),
    Rating.BASIC: ("#fff1c7", "#7a5200"),
    Rating.DISSATISFIED: ("#fde2cf", "#9a3d08"),
    Rating.VERY_DISSATISFIED: ("#fbd9d5", "#a3160b"),
}


def key_of(rating: Rating) -> str:
    """The digit that picks ``rating`` on the applicant's screen."""
    return str(ORDER.index(rating) + 1)
