"""Password rules and the lockout rule for staff accounts (账号密码规则与锁定规则).

Pure functions of the password, the stored counters and the current time: the service
(hallapp.services.accounts) stores what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_LENGTH = 8
MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)


def password_problems(password: str, login: str) -> list[str]:
    """Every rule ``password`` breaks, in Chinese; empty when it may be used."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少需要 {MIN_LENGTH} 个字符")
    if password.isdigit():
        problems.append("密码不能全部是数字")
    if password.strip().casefold() == login.strip().casefold():
        problems.append("密码不能与登录名相同")
    return problems


@dataclass(frozen=True)
class LoginCounters:
    """What the account stores between attempts."""

    failed_logins: int
    locked_until: datetime | None


def is_locked(counters: LoginCounters, now: datetime) -> bool:
    return counters.locked_until is not None and now < counters.locked_until


def after_failure(counters: LoginCounters, now: datetime) -> LoginCounters:
    """The counters after one more wrong password; the fifth in a row locks the account.

    A lock that has run out starts a fresh count: the attacker gets five more tries per
    lock period, never an unlimited run.
    """
    failed = counters.failed_logins
    if counters.locked_until is not None and now >= counters.locked_until:
        failed = 0
    failed += 1
    if failed >= MAX_FAILURES:
        return LoginCounters(failed, now + LOCK_DURATION)
    return LoginCounters(failed, None)


def attempts_left(counters: LoginCounters) -> int:
    return max(MAX_FAILURES - counters.failed_logins, 0)


CLEARED = LoginCounters(0, None)
