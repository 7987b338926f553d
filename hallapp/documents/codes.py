"""The case number as machine-readable codes: a QR code and a Code 128 barcode.

Both are drawn as vector shapes, not images: they stay sharp at any printer resolution
and add only a few hundred bytes to the file. A scanner at the counter reads either one
back as exactly the printed case number.
"""

from __future__ import annotations

import functools
import itertools

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCode

__all__ = ["CaseQrCode", "code128", "qr_code"]

# Four modules of white around the code, as the QR standard asks, so a phone finds it
# even next to the ruled head of the form.
_QUIET_MODULES = 4


class CaseQrCode(QrCode):
    """reportlab's QR flowable, drawn as one filled path.

    The stock flowable draws each run of dark modules as a rectangle of its own and
    encodes the value anew on every draw; one path of the same rectangles prints the
    same code with a fraction of the PDF operators, and the encoding of a case number
    printed on several papers is done once.
    """

    qrLevel = "M"  # 15 % recovery: survives a fold or a smudged corner
    qrBorder = _QUIET_MODULES

    def draw(self) -> None:
        count, runs = _dark_runs(self.value, self.qrLevel)
        module = self.width / (count + 2 * self.qrBorder)
        path = self.canv.beginPath()
        for row, start, length in runs:
            x = (start + self.qrBorder) * module
            y = self.height - (row + self.qrBorder + 1) * module
            # A hair taller than a module, so no white seam shows between rows.
            path.rect(x, y, length * module, module * 1.05)
        self.canv.drawPath(path, stroke=0, fill=1)


@functools.lru_cache(maxsize=64)
def _dark_runs(value: str, level: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The module count and the dark runs (row, first column, length) of ``value``."""
    code = QrCode(value, qrLevel=level).qr
    code.make()
    runs = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in itertools.groupby(map(bool, row)):
            length = len(list(group))
            if dark:
                runs.append((r, c, length))
            c += length
    return code.getModuleCount(), tuple(runs)


def qr_code(value: str, size: float) -> CaseQrCode:
    """A square QR code of ``value``, ``size`` points wide, its quiet zone included."""
    return CaseQrCode(value, width=size, height=size)


def code128(value: str, width: float, height: float) -> Code128:
    """A Code 128 barcode of ``value`` no wider than ``width`` points.

    The bar width is chosen so the whole code fits: a counter's handheld scanner reads
    bars down to about 0.19 mm (0.54 pt), so narrower than that the code is left at
    that width rather than made unreadable.
    """
    probe = Code128(value, barWidth=1.0, barHeight=height, humanReadable=False)
    natural, _ = probe.wrap(width, height)
    bar = max(0.54, min(1.0, width / natural))
    return Code128(value, barWidth=bar, barHeight=height, humanReadable=False)
