"""Command line of the audit trail: `hallapp audit ...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_audit_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp audit` under the top-level parser ``sub``."""
