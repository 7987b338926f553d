"""Command line of the hall's sync with the county hub: `hallapp sync ...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_sync_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp sync` under the top-level parser ``sub``."""
