"""The case's next steps: one button per action its state allows, in the lifecycle's order.

受理, 一次性告知, 不予受理 and 即办 belong to the intake screen (the materials are in hand
there) and are never offered here. Each action keeps the same mnemonic in every state, so
a clerk's fingers learn it: Alt+C 承办, Alt+J 办结, Alt+D 送达 …

The pauses (要求补正, 启动特别程序, 挂起) and their ends (补正完成, 结束特别程序, 恢复办理)
stay here, where the clerk looks for the next step, but the case view answers them with
the dialogs of its 办理时限 section, so a 特别程序 always states its procedure and days.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hallapp.core.lifecycle import Action, needs_reason, needs_supervisor
from hallapp.services.actors import Role
from hallapp.ui.roles import CASE_WORK, needs

INTAKE_ONLY = frozenset(
    {Action.ACCEPT, Action.ISSUE_NOTICE, Action.REFUSE, Action.COMPLETE_ON_THE_SPOT}
)

MNEMONICS: dict[Action, str] = {
    Action.RECEIVE: "S",
    Action.SUPPLEMENT_RECEIVED: "B",
    Action.START_HANDLING: "C",
    Action.FORWARD: "Z",
    Action.FORWARD_REPLIED: "H",
    Action.SUBMIT_FOR_REVIEW: "T",
    Action.APPROVE: "P",
    Action.DENY: "N",
    Action.COMPLETE: "J",
    Action.DELIVER: "D",
    Action.WITHDRAW: "W",
    Action.RETURN_CASE: "U",
    Action.VOID: "V",
    Action.REQUEST_SUPPLEMENT: "Q",
    Action.SUPPLEMENT_DONE: "E",
    Action.START_SPECIAL_PROCEDURE: "X",
    Action.END_SPECIAL_PROCEDURE: "Y",
    Action.SUSPEND: "G",
    Action.RESUME: "R",
}

_HINTS: dict[Action, str] = {
    Action.SUPPLEMENT_RECEIVED: "申请人补齐材料：转到受理窗口继续办理本办件，不必重新录入",
    Action.START_HANDLING: "开始承办，办件进入“承办”",
    Action.FORWARD: "转报县级部门办理",
    Action.FORWARD_REPLIED: "县级部门已回复，继续承办",
    Action.SUBMIT_FOR_REVIEW: "提交审核",
    Action.COMPLETE: "办结：办理完毕，通知申请人取件",
    Action.DELIVER: "送达：申请人已取件或已送达",
    Action.WITHDRAW: "申请人撤回申请，办件终结",
    Action.REQUEST_SUPPLEMENT: "要求申请人补正材料，暂停计时",
    Action.START_SPECIAL_PROCEDURE: "启动听证、检验、鉴定、专家评审等特别程序，写明程序和批准的工作日数，暂停计时",
    Action.SUSPEND: "挂起办件，暂停计时",
    Action.SUPPLEMENT_DONE: "补正材料已收到，恢复计时",
    Action.END_SPECIAL_PROCEDURE: "特别程序结束，恢复计时",
    Action.RESUME: "恢复办理，恢复计时",
}
# Answered by the 办理时限 dialogs: every one of them asks before it acts.
CLOCK_ACTIONS = frozenset(
    {
        Action.REQUEST_SUPPLEMENT,
        Action.START_SPECIAL_PROCEDURE,
        Action.SUSPEND,
        Action.SUPPLEMENT_DONE,
        Action.END_SPECIAL_PROCEDURE,
        Action.RESUME,
    }
)
_DESTRUCTIVE = frozenset({Action.WITHDRAW, Action.RETURN_CASE, Action.VOID, Action.DENY})
_DESTRUCTIVE_STYLE = "QPushButton:enabled{color:#a3160b;}"


# Pauses and endings: the second row of buttons.
OTHER_ACTIONS = frozenset(
    {
        Action.REQUEST_SUPPLEMENT,
        Action.START_SPECIAL_PROCEDURE,
        Action.SUSPEND,
        Action.WITHDRAW,
        Action.RETURN_CASE,
        Action.VOID,
    }
)
# Actions that end the case for good: asked once more, with room for a comment.
_ENDS_CASE = frozenset({Action.WITHDRAW, Action.DELIVER})


def shown_actions(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    return tuple(a for a in actions if a not in INTAKE_ONLY)


def asks_first(action: Action) -> bool:
    """The action opens a dialog: a reason is required, the case ends for good, or the
    clock stops or runs again."""
    return needs_reason(action) or action in _ENDS_CASE or action in CLOCK_ACTIONS


class ActionBar(QWidget):
    """Two rows: the case's way forward (下一步), then the pauses and the endings
    (其他操作), so the everyday button is never lost among the rare ones and the bar fits
    a 1024-pixel screen."""

    triggered = Signal(object)  # the Action

    def __init__(self, roles: frozenset[Role] | set[Role]) -> None:
        super().__init__()
        self._roles = frozenset(roles)
        self.buttons: dict[Action, QPushButton] = {}
        self.title = QLabel(self.tr("下一步："))
        self.other_title = QLabel(self.tr("其他操作："))
        width = max(self.title.sizeHint().width(), self.other_title.sizeHint().width())
        for label in (self.title, self.other_title):
            label.setStyleSheet("font-weight:bold;")
            label.setFixedWidth(width)
        self.none_label = QLabel(self.tr("办件已终结，没有可进行的操作"))
        self.none_label.setStyleSheet("color:#666;")
        # Said in words, not only in a tooltip: older clerks rarely hover.
        self.role_note = QLabel()
        self.role_note.setStyleSheet("color:#666;")
        self.role_note.setWordWrap(True)
        self._main = QHBoxLayout()
        self._main.addWidget(self.title)
        self._main.addWidget(self.none_label)
        self._main.addStretch(1)
        self._other = QHBoxLayout()
        self._other.addWidget(self.other_title)
        self._other.addWidget(self.role_note, 1)
        self._other.addStretch(0)  # the buttons keep their width when the note is hidden
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._main)
        layout.addLayout(self._other)

    def set_actions(self, actions: tuple[Action, ...]) -> None:
        for button in self.buttons.values():
            # Hidden at once: until it is deleted, its mnemonic would clash with the new one.
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.buttons = {}
        offered = shown_actions(actions)
        main = [a for a in offered if a not in OTHER_ACTIONS]
        other = [a for a in offered if a in OTHER_ACTIONS]
        self.none_label.setVisible(not main)
        if not actions:
            self.none_label.setText(self.tr("办件已终结，没有可进行的操作"))
        elif set(actions) & INTAKE_ONLY:
            self.none_label.setText(self.tr("请在“受理”窗口作出受理决定"))
        else:
            self.none_label.setText(self.tr("无"))
        for_supervisor: list[str] = []
        for row, chosen in ((self._main, main), (self._other, other)):
            for position, action in enumerate(chosen, start=1):
                button = self._button(action, for_supervisor)
                row.insertWidget(position, button)
                button.setVisible(True)  # now, not at the next event loop turn
                self.buttons[action] = button
        self.other_title.setVisible(bool(other))
        note = ""
        all_grey = bool(offered) and not self._roles & set(CASE_WORK)
        if all_grey:
            note = needs(self.tr("办理办件"), CASE_WORK)
        elif for_supervisor:
            note = (
                self.tr("%1须由%2办理")
                .replace("%1", "、".join(for_supervisor))
                .replace("%2", Role.SUPERVISOR.label)
            )
        self.role_note.setText(note)
        # A grey bar says why even without a second row of buttons to stand beside.
        self.role_note.setVisible(bool(note) and (bool(other) or all_grey))
        # Keep the buttons in lifecycle order for readers of ``buttons``.
        self.buttons = {a: self.buttons[a] for a in offered}

    def _button(self, action: Action, for_supervisor: list[str]) -> QPushButton:
        button = QPushButton(self._text(action))
        button.setAutoDefault(True)  # Enter presses the focused button
        button.setObjectName(f"action_{action.value}")
        tip = _HINTS.get(action, action.label)
        if needs_reason(action):
            tip += self.tr("（须写明原因）")
        if action in _DESTRUCTIVE:
            button.setStyleSheet(_DESTRUCTIVE_STYLE)
        if not self._roles & set(CASE_WORK):
            button.setEnabled(False)
            tip = needs(self.tr("办理办件"), CASE_WORK)
        elif needs_supervisor(action) and Role.SUPERVISOR not in self._roles:
            button.setEnabled(False)
            tip = (
                self.tr("“%1”需要%2角色")
                .replace("%1", action.label)
                .replace("%2", Role.SUPERVISOR.label)
            )
            for_supervisor.append(action.label)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False, a=action: self.triggered.emit(a))
        return button

    def _text(self, action: Action) -> str:
        letter = MNEMONICS.get(action)
        label = action.label + ("…" if asks_first(action) else "")
        return f"{label}(&{letter})" if letter else label
