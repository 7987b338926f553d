"""The floor of the start-up benchmark: the least a PySide6 window app can do.

Python starts, Qt loads, one window with one label is shown, and the event loop quits as
soon as it is idle, reporting that moment on stdout the way hallapp does when
HALLAPP_STARTUP_REPORT is set.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("便民服务窗口系统"))
    window.show()
    QTimer.singleShot(0, lambda: (print("hallapp:shown", flush=True), app.quit()))
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
