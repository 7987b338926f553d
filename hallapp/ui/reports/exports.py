"""Where a report file goes: the save dialog (behind a callable, so tests and scripts can
name the file instead), the folder it suggests, and the file name a report gets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

AskPath = Callable[[QWidget | None, str, str, str], str]
"""(parent, dialog title, suggested path, file filter) -> the chosen path, or "" if cancelled."""

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def suggested(name: str) -> str:
    """A file name made safe for every file system (a period label holds a dash)."""
    safe = "".join("-" if c in '\\/:*?"<>|' else c for c in name)
    return str(documents_folder() / safe)


def with_suffix(chosen: str, suffix: str) -> Path:
    """The chosen file with ``suffix`` (".xlsx"), added when the user left it off."""
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
