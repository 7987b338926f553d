"""Building blocks of the A4 forms: styles, grids of labelled fields, item tables and
signature lines, in the plain ruled look of the forms a hall hands across the counter.

Every piece of text goes through :func:`~hallapp.documents.fonts.paragraph_markup`, so a
name in rare characters prints and a name with ``&`` or ``<`` prints as typed; every
cell is a Paragraph with CJK wrapping, so a 300-character address grows its row instead
of running off the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from hallapp.documents.fonts import paragraph_markup, text_width
from hallapp.documents.model import MaterialItem, PartyInfo
from hallapp.documents.pages import FRAME_WIDTH

__all__ = [
    "Body",
    "Field",
    "Signer",
    "Styles",
    "cn_date",
    "cn_datetime",
    "date_blanks",
    "field_grid",
    "held",
    "item_table",
    "materials_table",
    "numbered",
    "para",
    "party_fields",
    "received",
    "signature_lines",
    "wanting",
]

RECEIVED = "已收"
NOT_APPLICABLE = "不适用"
MISSING = "缺少"

GRID = colors.Color(0.25, 0.25, 0.25)
LABEL_FILL = colors.Color(0.92, 0.92, 0.92)
MUTED = colors.Color(0.35, 0.35, 0.35)
_LABEL_WIDTH = 27 * mm
_CELL_PADDING = [
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


class Styles:
    """The paragraph styles of every A4 document, in the one embedded font."""

    def __init__(self, font: str) -> None:
        self.font = font
        # CJK wrapping breaks between any two characters (keeping punctuation off the
        # start of a line); the default breaks only at spaces, which Chinese text lacks.
        base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
        self.body = base
        # Official letters indent each paragraph by two characters.
        self.letter = ParagraphStyle("letter", parent=base, firstLineIndent=21, spaceAfter=2)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=10, leading=14)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.hall = ParagraphStyle(
            "hall", parent=base, fontSize=13, leading=18, alignment=TA_CENTER
        )
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=21, leading=28, alignment=TA_CENTER, spaceBefore=3
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=10, leading=14, alignment=TA_CENTER, textColor=MUTED
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontSize=11.5,
            leading=16,
            spaceBefore=3 * mm,
            spaceAfter=1.5 * mm,
        )
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=MUTED)
        self.stamp = ParagraphStyle(
            "stamp", parent=base, fontSize=12, leading=16, alignment=TA_CENTER
        )
        self.strong = ParagraphStyle(
            "strong",
            parent=base,
            fontSize=11,
            leading=17,
            borderColor=GRID,
            borderWidth=0.8,
            borderPadding=(5, 6, 6, 6),
            spaceBefore=3 * mm,
            spaceAfter=3 * mm,
        )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(paragraph_markup(text), style)


def cn_date(day: date | None) -> str:
    """2026年11月28日, as official documents write dates; blank when unknown."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def cn_datetime(moment: datetime) -> str:
    return f"{cn_date(moment)} {moment:%H:%M}"


@dataclass(frozen=True)
class Field:
    """One labelled value of a grid; ``wide`` gives it the whole width of the form."""

    label: str
    value: str
    wide: bool = False


def field_grid(fields: Sequence[Field], styles: Styles) -> Table:
    """Fields two to a row (label, value, label, value), wide ones alone in their row."""
    half = FRAME_WIDTH / 2
    widths = [_LABEL_WIDTH, half - _LABEL_WIDTH, _LABEL_WIDTH, half - _LABEL_WIDTH]
    rows: list[list[Flowable | str]] = []
    commands: list[tuple[object, ...]] = []
    pending: Field | None = None

    def label(text: str) -> Paragraph:
        return para(text, styles.cell)

    def flush_pending() -> None:
        nonlocal pending
        if pending is not None:
            rows.append([label(pending.label), para(pending.value, styles.cell), "", ""])
            commands.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
            pending = None

    for field in fields:
        if field.wide:
            flush_pending()
            rows.append([label(field.label), para(field.value, styles.cell), "", ""])
            commands.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
        elif pending is None:
            pending = field
        else:
            rows.append(
                [
                    label(pending.label),
                    para(pending.value, styles.cell),
                    label(field.label),
                    para(field.value, styles.cell),
                ]
            )
            pending = None
    flush_pending()
    for r, row in enumerate(rows):
        commands.append(("BACKGROUND", (0, r), (0, r), LABEL_FILL))
        if row[2] != "":
            commands.append(("BACKGROUND", (2, r), (2, r), LABEL_FILL))
    return _ruled(rows, widths, commands, styles, header=False)


def item_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    styles: Styles,
    *,
    centered: Sequence[int] = (),
    right: Sequence[int] = (),
    footer: Sequence[Sequence[str]] = (),
) -> Table:
    """A ruled table with its heading row repeated on every page it runs over.

    ``centered`` and ``right`` name the columns (by index) to align so. ``footer`` rows
    (totals) come last, shaded, each non-empty cell spanning the empty cells after it.
    """
    total = sum(weights)
    widths = [FRAME_WIDTH * w / total for w in weights]

    def style_for(col: int) -> ParagraphStyle:
        if col in right:
            return styles.cell_right
        return styles.cell_center if col in centered else styles.cell

    data: list[list[Flowable | str]] = [[para(c, styles.cell_center) for c in columns]]
    data += [[para(cell, style_for(i)) for i, cell in enumerate(row)] for row in rows]
    commands: list[tuple[object, ...]] = [("BACKGROUND", (0, 0), (-1, 0), LABEL_FILL)]
    for row in footer:
        data.append([para(cell, style_for(i) if i else styles.cell) for i, cell in enumerate(row)])
        r = len(data) - 1
        starts = [i for i, cell in enumerate(row) if cell or i == 0]
        for start, end in zip(starts, [*starts[1:], len(row)], strict=True):
            if end - 1 > start:
                commands.append(("SPAN", (start, r), (end - 1, r)))
        commands.append(("BACKGROUND", (0, r), (-1, r), LABEL_FILL))
    return _ruled(data, widths, commands, styles, header=True)


def _ruled(
    data: list[list[Flowable | str]],
    widths: Sequence[float],
    commands: list[tuple[object, ...]],
    styles: Styles,
    *,
    header: bool,
) -> Table:
    return Table(
        data,
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        # A cell taller than a page (a list of conditions thousands of characters long)
        # is split across pages instead of stopping the whole document.
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(
            [
                # The table picks a font for every cell even when it holds a Paragraph;
                # left at Helvetica, the PDF would name a font it does not embed.
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *_CELL_PADDING,
                *commands,
            ]
        ),
    )


def date_blanks(styles: Styles) -> Table:
    """``　　年　　月　　日`` with room to write the figures in.

    Spaces would not do: a Paragraph folds a run of them into one.
    """
    cells = ["", "年", "", "月", "", "日"]
    return Table(
        [[para(c, styles.cell) for c in cells]],
        colWidths=[16 * mm, 5 * mm, 9 * mm, 5 * mm, 9 * mm, 5 * mm],
        hAlign="RIGHT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


@dataclass(frozen=True)
class Signer:
    """One signature line: who signs, an optional printed name, and whether to date it."""

    label: str
    printed: str = ""
    dated: bool = True


def signature_lines(signers: Sequence[Signer], styles: Styles) -> Table:
    """Lines to sign on, one per signer: ``申请人签收：________  日期：　　年　　月　　日``."""
    line = 55 * mm
    date_label = 13 * mm
    widest = max((text_width(f"{s.label}：", styles.cell.fontSize) for s in signers), default=0)
    label_width = min(max(widest + 6, 30 * mm), 70 * mm)
    rest = FRAME_WIDTH - label_width - line - date_label
    rows: list[list[Flowable | str]] = []
    commands: list[tuple[object, ...]] = [("FONTNAME", (0, 0), (-1, -1), styles.font)]
    for r, signer in enumerate(signers):
        rows.append(
            [
                para(f"{signer.label}：", styles.cell_right),
                para(signer.printed, styles.cell_center),
                para("日期：" if signer.dated else "", styles.cell_right),
                date_blanks(styles) if signer.dated else "",
            ]
        )
        commands.append(("LINEBELOW", (1, r), (1, r), 0.6, colors.black))
    commands += [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    return Table(
        rows,
        colWidths=[label_width, line, date_label, rest],
        hAlign="LEFT",
        style=TableStyle(commands),
    )


@dataclass(frozen=True)
class Body:
    """What a kind of document puts between the head and the closing lines."""

    content: list[Flowable]
    signers: tuple[Signer, ...] = ()
    copies: str = ""
    """How many copies and who keeps which, e.g. 本通知书一式两份……; printed above the
    signature lines."""
    issued_on: date | None = None
    """The date beside the seal, when it is not the printing date: a reprinted receipt
    still bears the day the case was accepted."""


def party_fields(role: str, party: PartyInfo, *, contact: bool = True) -> list[Field]:
    """A person's name and masked ID, with phone and address when known."""
    fields = [
        Field(role, party.name),
        Field("证件号码", f"{party.document_type}　{party.masked_number}".strip("　")),
    ]
    if contact and party.phone:
        fields.append(Field("联系电话", party.phone))
    if contact and party.address:
        fields.append(Field("地址", party.address, wide=True))
    return fields


def numbered(notes: Sequence[str], styles: Styles) -> list[Flowable]:
    """Notes as 1. 2. 3. paragraphs; one note goes unnumbered."""
    if len(notes) == 1:
        return [para(notes[0], styles.letter)]
    return [para(f"{i}. {note}", styles.body) for i, note in enumerate(notes, start=1)]


def received(materials: Sequence[MaterialItem]) -> list[MaterialItem]:
    """The materials taken in as they are: neither missing, defective nor not needed."""
    return [m for m in materials if m.status == RECEIVED and not m.problem]


def wanting(materials: Sequence[MaterialItem]) -> list[MaterialItem]:
    """The materials still to supply or to put right (一次性告知)."""
    return [
        m for m in materials if m.status != NOT_APPLICABLE and (m.status != RECEIVED or m.problem)
    ]


def held(materials: Sequence[MaterialItem]) -> list[MaterialItem]:
    """The materials that exist on paper to pass on: all but the missing and the not needed."""
    return [m for m in materials if m.status not in (MISSING, NOT_APPLICABLE)]


def materials_table(materials: Sequence[MaterialItem], styles: Styles) -> Table:
    """序号, 材料名称, 形式, 份数, 原件核验: what the hall holds or has seen."""
    rows = [
        (str(i), m.name, m.form, str(m.copies), "已核验" if m.original_seen else "—")
        for i, m in enumerate(materials, start=1)
    ]
    return item_table(
        ("序号", "材料名称", "形式", "份数", "原件核验"),
        rows,
        (1.2, 8, 2.6, 1.2, 1.8),
        styles,
        centered=(0, 2, 3, 4),
    )
