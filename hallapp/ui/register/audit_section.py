"""审计记录 of the case shown, for 中心负责人 and 管理员 only: the case view leaves the
section out for other roles (the service would refuse them anyway)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from hallapp.services.actors import Actor, Role
from hallapp.services.audit_trail import Trail
from hallapp.ui.audit_view import TrailTable, trail_count_text

READERS = (Role.SUPERVISOR, Role.ADMIN)


def may_read_trail(actor: Actor) -> bool:
    return actor.has_any(*READERS)


class CaseAuditSection(QGroupBox):
    def __init__(self) -> None:
        super().__init__(self.tr("审计记录"))
        self.count_label = QLabel()
        self.table = TrailTable()
        self.table.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table)

    def show_trail(self, trail: Trail) -> None:
        self.count_label.setText(trail_count_text(trail))
        self.table.show_trail(trail)
