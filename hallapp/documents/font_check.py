"""The start-up check of the print fonts, kept apart from reportlab so that it costs
nothing but reading two table directories."""

from __future__ import annotations

import struct
from pathlib import Path

from hallapp.errors import HallappError
from hallapp.resources import FONTS, UI_FONT

__all__ = ["FALLBACK_FONT", "PrintFontError", "check_pdf_font"]

FALLBACK_FONT = FONTS / "hallapp-fallback.ttf"

# Without these reportlab cannot map characters to glyphs or draw them.
_REQUIRED_TABLES = (b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp")
_TRUETYPE_SIGNATURES = (b"\x00\x01\x00\x00", b"true")


class PrintFontError(HallappError):
    """The font for printing is missing or unusable, so no document can be made."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"打印字体缺失或损坏：{path}（{detail}）。请重新安装本程序。")
        self.path = path
        self.detail = detail


def check_pdf_font(path: Path | None = None) -> None:
    """Raise :class:`PrintFontError` unless ``path`` is a TrueType font reportlab can embed.

    Reads only the table directory, so it is cheap enough for every start-up; a font that
    passes here and still fails to load is reported by :func:`register_pdf_font`.
    """
    font = UI_FONT if path is None else path
    try:
        with font.open("rb") as f:
            header = f.read(12)
            if len(header) < 12:
                raise PrintFontError(font, "不是字体文件")
            signature, num_tables = header[:4], struct.unpack(">H", header[4:6])[0]
            directory = f.read(16 * num_tables)
            size = f.seek(0, 2)
    except FileNotFoundError:
        raise PrintFontError(font, "文件不存在") from None
    except OSError as e:
        raise PrintFontError(font, f"无法读取：{e.strerror or e}") from None

    if signature == b"OTTO":
        raise PrintFontError(font, "字体是 CFF 轮廓，不能嵌入 PDF，需要 TrueType（glyf）轮廓")
    if signature == b"ttcf":
        raise PrintFontError(font, "这是字体集合（.ttc），需要单个 TrueType 字体")
    if signature not in _TRUETYPE_SIGNATURES or len(directory) < 16 * num_tables:
        raise PrintFontError(font, "不是 TrueType 字体文件")

    tables: dict[bytes, tuple[int, int]] = {}
    for i in range(num_tables):
        tag, _checksum, offset, length = struct.unpack(">4sLLL", directory[16 * i : 16 * i + 16])
        tables[tag] = (offset, length)
    missing = [tag.decode("latin-1").strip() for tag in _REQUIRED_TABLES if tag not in tables]
    if missing:
        raise PrintFontError(font, f"缺少字体表 {'、'.join(missing)}，不是 TrueType（glyf）轮廓")
    if any(offset + length > size for offset, length in tables.values()):
        raise PrintFontError(font, "文件不完整")
