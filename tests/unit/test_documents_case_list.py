"""A4 case lists as PDF: the text is real text, the font travels with the file, nothing is cut.

Checked with poppler's and qpdf's command-line tools, the way a county office's viewer or
a print spooler would read the file, rather than with reportlab reading its own output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from hallapp.documents import pages
from hallapp.documents.case_list import ListSection, render_list_pdf
from hallapp.documents.fonts import PDF_FONT, PrintFontError, check_pdf_font, register_pdf_font
from hallapp.documents.output import DocumentWriteError
from hallapp.resources import UI_FONT

TOOLS = ("pdftotext", "pdffonts", "qpdf", "pdftoppm")
COLUMNS = ("办件编号", "事项", "申请人", "地址", "承办人", "办结时限")
WIDTHS = (5.0, 3.0, 2.4, 4.0, 1.4, 2.2)
LONG_NAME = "欧阳诸葛司马慕容上官端木皇甫建国"
LONG_ADDRESS = ("湖南省长沙县黄花镇黄花村第三村民小组幸福路一百二十八号老粮站旁红砖房" * 4)[:120]
PAGE_WIDTH, _PAGE_HEIGHT = pages.PAGE_SIZE


def case_number(serial: int) -> str:
    return f"430121104000-20261128-{serial:04d}"


def row(serial: int, applicant: str = "张三", address: str = "黄花村") -> tuple[str, ...]:
    return (case_number(serial), "城乡居民基本养老保险参保登记", applicant, address, "李四",
            "2026-11-29 17:00")  # fmt: skip


def render(path: Path, *sections: ListSection) -> Path:
    return render_list_pdf(
        path,
        title="晨会清单",
        hall_name="长沙县黄花镇政务服务中心",
        subtitle="2026年11月28日　今天转红 2 件，明天转黄 0 件",
        sections=sections,
        printed_by="王主任",
        printed_at=datetime(2026, 11, 28, 8, 5),
    )


def small_list(path: Path) -> Path:
    return render(
        path,
        ListSection(
            "今天转为超期（2件）",
            COLUMNS,
            (row(7), row(8, applicant=LONG_NAME)),
            widths=WIDTHS,
        ),
        ListSection("明天转为黄色（0件）", COLUMNS, (), empty_text="明天没有转黄的办件"),
    )


def run(*args: str | Path) -> str:
    """The command's output; skips the test if poppler or qpdf is missing, except under CI."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"missing {', '.join(missing)}: run tools/system-deps.sh test"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def text_of(pdf: Path) -> str:
    # -raw keeps the order of the content stream: each cell's lines stay together.
    return run("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")


def squeezed(text: str) -> str:
    return "".join(text.split())


def fonts_of(pdf: Path) -> list[dict[str, str]]:
    fonts = []
    for line in run("pdffonts", pdf).splitlines()[2:]:
        cells = line.split()
        fonts.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
    return fonts


def test_text_is_extractable(tmp_path: Path) -> None:
    text = text_of(small_list(tmp_path / "list.pdf"))
    flat = squeezed(text)  # a cell's text may be wrapped anywhere
    for expected in ("晨会清单", "长沙县黄花镇政务服务中心", "今天转为超期（2件）", case_number(7),
                     LONG_NAME, "打印人：王主任", "2026-11-28"):  # fmt: skip
        assert expected in flat, expected
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)


def test_qpdf_finds_no_errors(tmp_path: Path) -> None:
    out = run("qpdf", "--check", small_list(tmp_path / "list.pdf"))
    assert "No syntax or stream encoding errors found" in out


def test_font_is_embedded_as_a_subset_and_nothing_else_is_named(tmp_path: Path) -> None:
    fonts = fonts_of(small_list(tmp_path / "list.pdf"))
    assert fonts
    assert any("WenQuanYiMicroHei" in f["name"] for f in fonts)
    for font in fonts:
        assert font["emb"] == "yes", font
        assert font["sub"] == "yes", font
        assert re.match(r"[A-Z]{6}\+", font["name"]), font
        assert "STSong" not in font["name"]
        assert font["uni"] == "yes", font  # else copied text comes out as garbage


def test_300_rows_run_over_several_pages_with_every_row(tmp_path: Path) -> None:
    rows = tuple(row(i) for i in range(1, 301))
    pdf = render(tmp_path / "long.pdf", ListSection("今天转为超期（300件）", COLUMNS, rows, WIDTHS))

    text = text_of(pdf)
    page_texts = text.split("\f")[:-1]  # pdftotext ends every page with a form feed
    assert len(page_texts) >= 5
    flat = squeezed(text)
    missing = [i for i in range(1, 301) if case_number(i) not in flat]
    assert not missing
    for number, page_text in enumerate(page_texts, start=1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(page_texts)}\s*页", page_text)
        assert "办件编号" in page_text, f"no header row on page {number}"


def test_long_cell_wraps_and_stays_on_the_page(tmp_path: Path) -> None:
    assert len(LONG_ADDRESS) == 120
    pdf = render(
        tmp_path / "wrap.pdf",
        ListSection("今天转为超期（1件）", COLUMNS, (row(1, address=LONG_ADDRESS),), WIDTHS),
    )

    text = text_of(pdf)
    assert LONG_ADDRESS in squeezed(text)
    assert not any(LONG_ADDRESS in line for line in text.splitlines()), "not wrapped"
    bbox = run("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-")
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges
    assert max(right_edges) <= PAGE_WIDTH - pages.MARGIN_X + 0.5


def test_empty_section_prints_its_empty_text(tmp_path: Path) -> None:
    text = text_of(small_list(tmp_path / "list.pdf"))
    assert "明天转为黄色（0件）" in text
    assert "明天没有转黄的办件" in text


def test_markup_characters_in_cells_print_as_typed(tmp_path: Path) -> None:
    pdf = render(
        tmp_path / "amp.pdf",
        ListSection("今天转为超期（1件）", COLUMNS, (row(1, applicant="A&B <黄花> 合作社"),)),
    )
    assert "A&B <黄花> 合作社" in text_of(pdf)


def test_first_page_rasterises(tmp_path: Path) -> None:
    pdf = small_list(tmp_path / "list.pdf")
    run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, tmp_path / "p1")
    png = (tmp_path / "p1.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 5_000  # a blank A4 page at 60 dpi compresses to far less


def test_failure_leaves_no_partial_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = small_list(tmp_path / "list.pdf")
    before = target.read_bytes()

    def broken_save(self: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(pages._FurnishedCanvas, "save", broken_save)
    with pytest.raises(RuntimeError, match="disk gone"):
        small_list(target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["list.pdf"]


def test_unwritable_place_is_reported_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(DocumentWriteError, match="无法保存文件"):
        small_list(tmp_path / "no such folder" / "list.pdf")


def test_a_row_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="row 1"):
        ListSection("x", ("a", "b"), (("1", "2"), ("1",)))
    with pytest.raises(ValueError, match="widths"):
        ListSection("x", ("a", "b"), (), widths=(1.0,))


def test_shipped_font_passes_the_check() -> None:
    check_pdf_font()
    check_pdf_font(UI_FONT)


def test_registration_is_done_once() -> None:
    assert register_pdf_font() == PDF_FONT
    font = pdfmetrics.getFont(PDF_FONT)
    assert register_pdf_font() == PDF_FONT
    assert pdfmetrics.getFont(PDF_FONT) is font


def test_missing_font_is_reported_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "gone.ttf"
    with pytest.raises(PrintFontError, match="打印字体缺失或损坏") as raised:
        check_pdf_font(path)
    assert str(path) in raised.value.message
    assert "文件不存在" in raised.value.message


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "不是字体文件"),
        (b"this is not a font at all, only text", "不是 TrueType 字体文件"),
        (b"OTTO\x00\x01" + bytes(64), "CFF"),
        (b"ttcf\x00\x01" + bytes(64), ".ttc"),
        # A TrueType header with one table, 'CFF ', and no glyph outlines.
        (b"\x00\x01\x00\x00\x00\x01" + bytes(6) + b"CFF " + bytes(12), "glyf"),
    ],
)
def test_unusable_font_is_reported_in_chinese(tmp_path: Path, content: bytes, detail: str) -> None:
    path = tmp_path / "bogus.ttf"
    path.write_bytes(content)
    with pytest.raises(PrintFontError, match="打印字体缺失或损坏") as raised:
        check_pdf_font(path)
    assert detail in raised.value.message


def test_truncated_font_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "cut.ttf"
    path.write_bytes(UI_FONT.read_bytes()[:100_000])
    with pytest.raises(PrintFontError, match="文件不完整"):
        check_pdf_font(path)


def test_documents_import_neither_qt_nor_the_database() -> None:
    package = Path(pages.__file__).parent
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(PySide6|sqlalchemy)", text, re.M), source
