"""The period's headline figures in large type: what a supervisor reads out at a meeting
or copies into the county's form, each with what it is measured against below it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from hallapp.ui.reports.texts import NONE, count, days, percent

if TYPE_CHECKING:
    from hallapp.services.reports import PeriodStats

_TILE_STYLE = (
    "#figureTile {background:#f5f7fa; border:1px solid #d5dbe3; border-radius:4px;}"
    "#figureCaption {color:#4a5563; font-size:15px;}"
    "#figureValue {color:#173a5e; font-size:28px; font-weight:bold;}"
    "#figureNote {color:#555; font-size:14px;}"
)


class FigureTile(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("figureTile")
        self.caption = QLabel(caption)
        self.caption.setObjectName("figureCaption")
        self.caption.setWordWrap(True)  # a narrow window wraps it rather than widening
        self.value = QLabel(NONE)
        self.value.setObjectName("figureValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel()
        self.note.setObjectName("figureNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_figure(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)


class FiguresPanel(QWidget):
    """Ten figures in two rows of tiles; ``tiles`` keyed for tests and the screen alike."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_TILE_STYLE)
        captions = {
            "received": "收件",
            "completed": "办结",
            "on_time_promised": "按期办结率（承诺时限）",
            "on_time_legal": "按期办结率（法定时限）",
            "avg_days": "平均用时（工作日）",
            "speedup": "提速率",
            "agent": "代办件",
            "village": "村代办点件",
            "satisfaction": "满意率",
            "complaints": "效能投诉",
        }
        self.tiles = {key: FigureTile(self.tr(text)) for key, text in captions.items()}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for n, key in enumerate(self.tiles):
            grid.addWidget(self.tiles[key], n // 5, n % 5)
        for column in range(5):
            grid.setColumnStretch(column, 1)
        self.tiles["satisfaction"].setToolTip(self.tr("非常满意、满意和基本满意计为满意（好评率）"))
        self.tiles["speedup"].setToolTip(self.tr("承诺时限比法定时限缩短的比例"))

    def show_stats(self, stats: PeriodStats) -> None:
        tiles = self.tiles
        accepted = _total_of(stats, "by_month", "受理")
        tiles["received"].show_figure(
            count(stats.received) + " 件",
            self.tr("其中受理 %1 件").replace("%1", count(accepted))
            if accepted is not None
            else "",
        )
        tiles["completed"].show_figure(count(stats.completed) + " 件", self.tr("本期办结的办件"))
        tiles["on_time_promised"].show_figure(
            percent(stats.on_time_promised), self.tr("在承诺时限内办结")
        )
        tiles["on_time_legal"].show_figure(
            percent(stats.on_time_legal), self.tr("在法定时限内办结")
        )
        tiles["avg_days"].show_figure(
            days(stats.avg_days_used),
            self.tr("承诺 %1 / 法定 %2")
            .replace("%1", days(stats.avg_promised_days))
            .replace("%2", days(stats.avg_legal_days)),
        )
        tiles["speedup"].show_figure(percent(stats.speedup_rate), self.tr("承诺时限比法定时限缩短"))
        tiles["agent"].show_figure(count(stats.agent_cases) + " 件", self.tr("代办服务的办件"))
        tiles["village"].show_figure(count(stats.village_cases) + " 件", self.tr("由村代办点收件"))
        rated = sum(stats.ratings.values())
        tiles["satisfaction"].show_figure(
            percent(stats.satisfaction_rate), self.tr("共 %1 次评价").replace("%1", count(rated))
        )
        tiles["complaints"].show_figure(
            self.tr("收到 %1 件").replace("%1", count(stats.complaints_received)),
            self.tr("属实 %1 件，按期办结 %2 件")
            .replace("%1", count(stats.complaints_substantiated))
            .replace("%2", count(stats.complaints_closed_on_time)),
        )

    def texts(self) -> dict[str, tuple[str, str]]:
        """What each tile says (value, note): what the user reads, for tests."""
        return {k: (t.value.text(), t.note.text()) for k, t in self.tiles.items()}


def _total_of(stats: PeriodStats, table: str, column: str) -> int | None:
    """A count from a table's 合计 line, when the report has that table and column."""
    found = next((t for t in stats.tables if t.key == table), None)
    if found is None or found.total is None or column not in found.columns:
        return None
    value = found.total[found.columns.index(column)]
    return value if isinstance(value, int) else None
