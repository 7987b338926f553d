"""The credential file a hall receives from the hub (``hallapp hub add-hall --out FILE``).

It holds the hall's secret, so it is written readable by its owner only; the hall's
client reads exactly these fields.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KIND = "hallapp-credential"
VERSION = 1


@dataclass(frozen=True)
class Credential:
    hall_code: str
    hall_name: str
    secret: str
    issued_at: str  # ISO time at the hub

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": KIND,
            "version": VERSION,
            "hall_code": self.hall_code,
            "hall_name": self.hall_name,
            "secret": self.secret,
            "issued_at": self.issued_at,
        }

    def write(self, path: Path) -> None:
        """Write the file with mode 0600, also when it replaces an older one."""
        data = json.dumps(self.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, data + b"\n")
        finally:
            os.close(fd)
