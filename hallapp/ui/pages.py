"""Pages standing in for a work area: one not built yet says so honestly instead of showing
fake data; one still loading says so; one the account may only look at says where to look.
And the grey key hints under the lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class UnavailablePage(QWidget):
    def __init__(self, title: str, purpose: str) -> None:
        super().__init__()
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(
            purpose
            + "<br><br>"
            + self.tr("此功能尚未提供，将在后续版本中开放。这里不显示任何示例或虚构数据。")
        )
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)
        self.setObjectName("unavailablePage")


class LoadingPage(QWidget):
    """Stands in for a work area while the database opens in the background."""

    def __init__(self) -> None:
        super().__init__()
        label = QLabel(self.tr("正在打开数据库，请稍候…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


class ReadOnlyPage(QWidget):
    """A work area whose every act the account's roles would have refused: instead of a
    form that fails at 保存, it says so calmly and where the account can look instead."""

    def __init__(self, title: str, why: str, places: list[tuple[str, str]]) -> None:
        """``places``: (where, with its shortcut; what is seen there)."""
        super().__init__()
        self.setObjectName("readOnlyPage")
        heading = QLabel(f"<h2>{title}</h2>")
        self.why = QLabel(why)
        self.why.setWordWrap(True)
        self.why.setStyleSheet("font-size:15px;")
        lines = "".join(f"<li><b>{where}</b>：{what}</li>" for where, what in places)
        self.places = QLabel(self.tr("可以在这些地方查看：") + f"<ul>{lines}</ul>")
        self.places.setTextFormat(Qt.TextFormat.RichText)
        self.places.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.why)
        layout.addWidget(self.places)
        layout.addStretch(1)


def key_hint(text: str) -> QLabel:
    """The grey line under a list that says which keys work there."""
    hint = QLabel(text)
    hint.setStyleSheet("color:#666;")
    return hint


def count_and_hint(count: QLabel, hint: str) -> QHBoxLayout:
    """The bottom row of a list: how many rows on the left, the keys on the right."""
    row = QHBoxLayout()
    row.addWidget(count)
    row.addStretch(1)
    row.addWidget(key_hint(hint))
    return row
