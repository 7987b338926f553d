"""Command line of the county hub: `hallapp hub ...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_hub_commands(sub: Any, make: Callable[..., argparse.ArgumentParser], group: Any) -> None:
    """Register `hallapp hub` under the top-level parser ``sub``."""
