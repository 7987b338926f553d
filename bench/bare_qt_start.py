"""The floor of the start-up benchmark: the least a PySide6 window app can do.

Python starts, Qt loads, one window with one label is shown, and the event loop quits as
soon as it is idle, exactly when hallapp's HALLAPP_QUIT_WHEN_IDLE makes it quit.
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
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
