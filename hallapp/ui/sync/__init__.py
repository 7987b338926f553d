"""同步 area: the hall's sync with the county hub, and its figure in the status bar."""

from hallapp.ui.sync.status_label import SyncStatusLabel
from hallapp.ui.sync.sync_area import SyncArea

__all__ = ["SyncArea", "SyncStatusLabel"]
