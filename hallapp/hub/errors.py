"""Errors of the hub's administration, shown to the county's administrator as they are."""

from __future__ import annotations

from hallapp.errors import HallappError


class HubError(HallappError):
    """An administration request the hub refuses; ``message`` is plain Chinese."""
