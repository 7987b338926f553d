"""Printed documents: the acceptance receipt (受理通知书) as the clerk prints it after 受理.

The figure is the whole service call the print button makes, warm (font registered,
modules imported): the case read from the database, the document built and rendered.
Goals: A4 in ≤ 30 ms median and ≤ 60 KB, small enough to keep the counter moving and to
send to a county archive over a township link. The 80 mm counter receipt is shown beside
it without a goal.

Floor, measured in the same run: a one-line reportlab page with the same embedded font,
drawn straight on a canvas; its size is mostly the font subset every document carries.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench.common import Row, cost_ratio

REPEAT, QUICK_REPEAT = 40, 5
GOAL_MS = 30
GOAL_KB = 60


def _samples(fn: Callable[[], object], n: int) -> list[float]:
    fn()  # warm: the first call registers the font and imports the templates
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _one_line_page() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from hallapp.documents.fonts import register_pdf_font

    font = register_pdf_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont(font, 12)
    canvas.drawString(72, 770, "示例镇便民服务中心　受理通知书")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _accepted_case(work: Path):  # type: ignore[no-untyped-def]
    """A demo hall with one accepted case of an item with fees, like a day's first."""
    from hallapp.app import open_database
    from hallapp.config import Settings
    from hallapp.core.identity import DocumentType
    from hallapp.core.intake import (
        Applicant,
        ApplicantKind,
        Decision,
        FeeLine,
        IntakeForm,
        MaterialLine,
        MaterialStatus,
        PaymentMethod,
    )
    from hallapp.services import catalogue, intake
    from hallapp.services.actors import COMMAND_LINE
    from hallapp.services.demo import seed_demo
    from hallapp.services.halls import actor_for

    ctx = open_database(Settings(work / "d.sqlite3", work / "backups", work / "c.toml"))
    seed_demo(ctx.uow(), COMMAND_LINE)
    clerk = actor_for(ctx.read_uow(), "zhangmin")
    item = catalogue.search_items(ctx.read_uow(), "集镇住宅不动产转移登记")[0]
    spec = catalogue.item_guide(ctx.read_uow(), item.version_id).spec
    form = IntakeForm(
        item.version_id,
        Applicant(
            ApplicantKind.PERSON,
            "张三",
            DocumentType.RESIDENT_ID,
            "11010519491231002X",
            "13800138000",
            "示例镇人民路2号",
        ),
        tuple(
            MaterialLine(
                m.name,
                m.form.value,
                m.copies,
                m.required,
                MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE,
                True,
                m.copies,
            )
            for m in spec.materials
        ),
        fees=tuple(FeeLine(f.name, f.amount_fen) for f in spec.fees),
        payment_method=PaymentMethod.CASH,
        idempotency_key=intake.new_form_key(),
    )
    result = intake.submit_intake(ctx.uow(), clerk, form, Decision.ACCEPT, now=datetime.now())
    return ctx, clerk, result.case_id


def run(quick: bool = False) -> list[Row]:
    from hallapp.documents.model import DocumentKind, PaperFormat
    from hallapp.services import printing

    n = QUICK_REPEAT if quick else REPEAT
    floor_samples = _samples(_one_line_page, n)
    floor_ms = statistics.median(floor_samples) * 1000
    floor_kb = len(_one_line_page()) / 1024

    ctx, clerk, case_id = _accepted_case(Path(tempfile.mkdtemp(prefix="hallapp-bench-docs-")))
    try:
        rows: list[Row] = []
        for fmt, label, goal in (
            (PaperFormat.A4, "A4", True),
            (PaperFormat.THERMAL_80MM, "80 mm", False),
        ):

            def receipt(fmt: PaperFormat = fmt) -> bytes:
                rendered = printing.render_document(
                    ctx.read_uow(), clerk, case_id, DocumentKind.RECEIPT, fmt
                )
                return rendered.data

            samples = _samples(receipt, n)
            ms = statistics.median(samples) * 1000
            kb = len(receipt()) / 1024
            rows.append(
                Row(
                    name=f"receipt {label}: render (warm)",
                    value=ms,
                    unit="ms",
                    floor=floor_ms,
                    floor_unit="ms",
                    ratio=cost_ratio(ms, floor_ms),
                    goal=f"≤ {GOAL_MS} ms" if goal else "",
                    ok=ms <= GOAL_MS if goal else None,
                    runs=len(samples),
                    note="case read + document built + PDF; floor: one-line page, same font",
                )
            )
            rows.append(
                Row(
                    name=f"receipt {label}: file size",
                    value=kb,
                    unit="KB",
                    floor=floor_kb,
                    floor_unit="KB",
                    ratio=cost_ratio(kb, floor_kb),
                    goal=f"≤ {GOAL_KB} KB" if goal else "",
                    ok=kb <= GOAL_KB if goal else None,
                    note="font subset embedded; floor: one-line page, same font",
                )
            )
        return rows
    finally:
        ctx.close()
