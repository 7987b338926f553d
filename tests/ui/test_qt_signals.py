"""Guards against a Qt binding that corrupts Python's reference counts on signal emits.

PySide6 6.12.0 dropped a reference to ``True`` on every ``Signal.emit()`` from Python;
after enough background operations the interpreter aborted with ``bool_dealloc``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    carrying = Signal(object, object)


def test_emitting_signals_keeps_reference_counts() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.carrying.connect(lambda a, b: received.append(b))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(1000):
        emitter.plain.emit()
        emitter.carrying.emit(True, False)
    received.clear()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert abs(after[0] - before[0]) < 10
    assert abs(after[1] - before[1]) < 10
