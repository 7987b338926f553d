"""What the clerk sees when the database file cannot be opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from hallapp.errors import DatabaseDamaged


def ask_restore(parent: QWidget | None, error: DatabaseDamaged, backup: Path | None) -> bool:
    """Offer the newest backup; the damaged file itself is never changed."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(box.tr("数据库无法打开"))
    text = error.message + "\n\n" + box.tr("损坏的文件会原样保留，不会被修改或删除。")
    if backup is None:
        box.setText(text + "\n\n" + box.tr("没有找到可用的备份。请联系管理员。"))
        box.addButton(box.tr("关闭(&C)"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return False
    box.setText(text + "\n\n" + box.tr("是否恢复最近的备份？\n%1").replace("%1", str(backup)))
    restore = box.addButton(box.tr("恢复备份(&R)"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(box.tr("退出(&Q)"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is restore
