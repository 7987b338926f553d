"""The pauses and extensions of a case, one wrapped line each: they are few, and a
sentence reads better than a wide table in the narrow column and wraps without being cut."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hallapp.core.clock import PauseKind
from hallapp.services.case_clock import CaseClock, ExtensionView, PauseView
from hallapp.ui.register.clock_texts import STATUS_COLOURS, extension_row, pause_row


def pause_line(p: PauseView) -> str:
    kind, procedure, start, end, days, approver, reason = (escape(t) for t in pause_row(p))
    name = f"{kind}（{procedure}）" if procedure else kind
    parts = [f"{start} 起，{end}" if p.end is None else f"{start} 至 {end}"]
    if days:
        parts.append(f"批准 {days}")
    if approver:
        # 补正 is the window's own step; 特别程序 and 挂起 are approved.
        role = "经办人" if p.kind is PauseKind.SUPPLEMENT else "批准人"
        parts.append(f"{role}：{approver}")
    text = f"<b>{name}</b>：" + "，".join(parts)
    return text + (f"。原因：{reason}" if reason else "")


def extension_line(e: ExtensionView) -> str:
    days, reason, status, asked, decided, note = (escape(t) for t in extension_row(e))
    colour = STATUS_COLOURS.get(e.status, "#000000")
    text = f'<b>延期 {days}</b> <b style="color:{colour}">【{status}】</b>'
    text += f"理由：{reason}。" if reason else ""
    text += f"{asked} 申请"
    if decided:
        verdict = {"approved": "批准", "refused": "不批准"}.get(e.status, "审批")
        text += f"；{decided} {verdict}" + (f"：{note}" if note else "")
    return text


def _list_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ClockRecords(QWidget):
    """暂停计时记录 and 延期记录, each hidden while empty."""

    def __init__(self) -> None:
        super().__init__()
        self.pauses_title = QLabel(self.tr("暂停计时记录"))
        self.pauses = _list_label()
        self.extensions_title = QLabel(self.tr("延期记录"))
        self.extensions = _list_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        for widget in (self.pauses_title, self.pauses, self.extensions_title, self.extensions):
            layout.addWidget(widget)
        for title in (self.pauses_title, self.extensions_title):
            title.setStyleSheet("font-weight:bold; color:#444;")
        self.pause_rows: list[list[str]] = []
        self.extension_rows: list[list[str]] = []

    def show_clock(self, clock: CaseClock) -> None:
        self.pause_rows = [pause_row(p) for p in clock.pauses]
        self.extension_rows = [extension_row(e) for e in clock.extensions]
        _fill(self.pauses_title, self.pauses, [pause_line(p) for p in clock.pauses])
        _fill(self.extensions_title, self.extensions, [extension_line(e) for e in clock.extensions])
        self.setVisible(bool(clock.pauses or clock.extensions))


def _fill(title: QLabel, label: QLabel, lines: list[str]) -> None:
    numbered = [f"{i}. {line}" for i, line in enumerate(lines, start=1)]
    label.setText("<br>".join(numbered))
    title.setVisible(bool(lines))
    label.setVisible(bool(lines))
