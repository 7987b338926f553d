"""The county staff's login session: a signed cookie, nothing kept on the server.

The cookie holds the user name and when it was issued, signed with HMAC-SHA256 under a
secret the hub keeps in its settings table (so sessions survive a restart and several
hub processes on one database agree).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

COOKIE_NAME = "hallapp_hub_session"
SECRET_SETTING = "session_secret"
LIFETIME = timedelta(hours=12)


def make_cookie(secret: str, username: str, issued: datetime) -> str:
    raw = f"{username}\n{issued.isoformat(timespec='seconds')}".encode()
    data = base64.urlsafe_b64encode(raw).decode("ascii")
    return f"{data}.{_sign(secret, data)}"


def read_cookie(secret: str, value: str, now: datetime) -> str | None:
    """The user name in a valid, unexpired cookie; None for anything else."""
    data, _, signature = value.partition(".")
    if not signature or not hmac.compare_digest(_sign(secret, data), signature):
        return None
    try:
        username, issued_text = base64.urlsafe_b64decode(data).decode("utf-8").split("\n")
        issued = datetime.fromisoformat(issued_text)
    except ValueError:
        return None
    if not issued - timedelta(minutes=5) <= now < issued + LIFETIME:
        return None
    return username


def _sign(secret: str, data: str) -> str:
    return hmac.new(secret.encode("utf-8"), data.encode("ascii"), hashlib.sha256).hexdigest()
