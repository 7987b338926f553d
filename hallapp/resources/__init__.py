"""Files shipped with the program: fonts, the sample catalogue."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
SAMPLE_CATALOGUE = RESOURCES / "catalogue" / "sample_catalogue.json"
FONTS = RESOURCES / "fonts"
UI_FONT = FONTS / "wqy-microhei.ttf"
UI_FONT_FAMILY = "WenQuanYi Micro Hei"
