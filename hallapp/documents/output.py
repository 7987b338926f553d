"""Writing a document file so that a failure never leaves half a PDF behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from hallapp.errors import HallappError

__all__ = ["DocumentWriteError", "write_atomically"]

# mkstemp makes the file readable by its owner only; a printed list is no secret on the
# clerk's own machine, and a colleague or the print spooler may need to open it.
_FILE_MODE = 0o644


class DocumentWriteError(HallappError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"无法保存文件：{path}（{detail}）")
        self.path = path
        self.detail = detail


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Let ``write`` fill a temporary file beside ``path``, then put it in place at once.

    The temporary file lives in the same directory because ``os.replace`` is atomic only
    within one file system. The temporary file is removed whatever fails; an error of the
    file system (disk full, no permission, file in use) becomes a
    :class:`DocumentWriteError`, anything else ``write`` raises is passed on unchanged.
    """
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as e:
        raise DocumentWriteError(path, _reason(e)) from e
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(e, OSError):
            raise DocumentWriteError(path, _reason(e)) from e
        raise
    return path


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError) and os.name == "nt":
        # The usual cause on Windows: the previous copy is still open in a PDF viewer.
        return "文件可能正被其他程序打开，请关闭后再试"
    return error.strerror or str(error)
