"""The counter's receipt printer (小票打印机): the receipt or bill sent there as ESC/POS,
recorded on the case by the service once the printer took it, and a test slip.

Everything that may wait on the printer (a switched-off network printer takes seconds to
say so) runs on the worker; the UI only hears how it went.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hallapp.documents.model import DocumentKind, PaperFormat
from hallapp.errors import HallappError
from hallapp.services.facade import HallServices
from hallapp.services.printing import ESCPOS_PRINTER, PrintRecord, RenderedDocument
from hallapp.ui.operations import Executor
from hallapp.ui.printing.settings import CounterPrinter
from hallapp.ui.printing.texts import COUNTER, counter_problem

if TYPE_CHECKING:
    from hallapp.ui.printing.jobs import PrintOutcome

SAMPLE_TEXT = "小票打印机测试页"


def _message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) and message else str(exc)


def counter_title(kind: DocumentKind) -> str:
    """受理通知书（小票打印机）: the slip, named by where it goes."""
    return f"{kind.title}（{COUNTER}）"


def send_slip(
    services: HallServices,
    executor: Executor,
    printer: CounterPrinter,
    case_id: int,
    kind: DocumentKind,
    done: Callable[[PrintOutcome], None],
    document: RenderedDocument | None = None,
    fallback: PaperFormat | None = None,
) -> None:
    """Send the slip for ``kind`` to ``printer`` and report a :class:`PrintOutcome`.

    When nothing came out, the outcome carries a PDF for 另存为PDF: ``document`` (the one
    being previewed), or else the ``fallback`` paper's rendering, made on the worker.
    """
    # At call time: jobs, which defines the outcome, imports this module.
    from hallapp.ui.printing.jobs import PrintOutcome

    title = counter_title(kind)

    def work() -> PrintRecord:
        return services.send_to_counter_printer(case_id, kind, printer.target())

    def sent(record: PrintRecord) -> None:
        where = record.printer.removeprefix(ESCPOS_PRINTER)
        done(PrintOutcome(title, printed=True, printer=where, copy_no=record.copy_no))

    def not_sent(exc: BaseException) -> None:
        # A printer fault is said as the printer module says it; anything else (the case
        # changed, a refused document) is named as the slip not printing.
        from hallapp.documents.escpos_send import PrinterError

        if isinstance(exc, PrinterError):
            problem = counter_problem(exc.message)
        else:
            problem = counter_problem(f"{title}未能打印：{_message(exc)}")
        if document is not None or fallback is None:
            done(PrintOutcome(title, problem=problem, document=document))
            return
        fmt = fallback
        executor.submit(
            lambda: services.render_document(case_id, kind, fmt),
            lambda pdf: done(PrintOutcome(title, problem=problem, document=pdf)),
            lambda _exc: done(PrintOutcome(title, problem=problem)),
        )

    executor.submit(work, sent, not_sent)


def send_sample_slip(
    executor: Executor,
    printer: CounterPrinter,
    hall_name: str,
    done: Callable[[str], None],
    failed: Callable[[str], None],
) -> None:
    """Print a test slip: nothing of a case is on it and nothing is recorded."""

    def work() -> str:
        from hallapp.services.printing import send_test_slip

        return send_test_slip(hall_name, SAMPLE_TEXT, printer.summary(), printer.target())

    def not_sent(exc: BaseException) -> None:
        failed(_message(exc) if isinstance(exc, HallappError | ValueError) else str(exc))

    executor.submit(work, lambda where: done(f"测试页已发送到{where}"), not_sent)


__all__ = ["SAMPLE_TEXT", "counter_title", "send_sample_slip", "send_slip"]
