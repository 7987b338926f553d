"""Password rules and the lockout rule: pure functions of the input and the counters."""

from __future__ import annotations

from datetime import datetime, timedelta

from hallapp.core.passwords import (
    CLEARED,
    LOCK_DURATION,
    MAX_FAILURES,
    LoginCounters,
    after_failure,
    attempts_left,
    is_locked,
    password_problems,
)

NOW = datetime(2026, 3, 2, 9, 0)


def test_a_good_password_breaks_no_rule() -> None:
    assert password_problems("hall2026demo", "zhangmin") == []


def test_short_passwords_are_refused_with_the_minimum_named() -> None:
    assert password_problems("ab1cdef", "zhangmin") == ["密码至少需要 8 个字符"]
    assert password_problems("ab1cdefg", "zhangmin") == []


def test_all_digits_are_refused_whatever_the_length() -> None:
    assert password_problems("1234567890", "zhangmin") == ["密码不能全部是数字"]


def test_the_login_itself_is_refused_ignoring_case() -> None:
    assert password_problems("ZhangMin", "zhangmin") == ["密码不能与登录名相同"]
    assert password_problems("lijianguo", "LIJIANGUO") == ["密码不能与登录名相同"]


def test_every_broken_rule_is_listed() -> None:
    assert len(password_problems("1234", "1234")) == 3


def test_four_failures_leave_one_attempt_and_no_lock() -> None:
    counters = CLEARED
    for _ in range(MAX_FAILURES - 1):
        counters = after_failure(counters, NOW)
    assert counters == LoginCounters(4, None)
    assert attempts_left(counters) == 1
    assert not is_locked(counters, NOW)


def test_the_fifth_failure_locks_for_fifteen_minutes() -> None:
    counters = after_failure(LoginCounters(4, None), NOW)
    assert counters.locked_until == NOW + timedelta(minutes=15) == NOW + LOCK_DURATION
    assert is_locked(counters, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(counters, NOW + LOCK_DURATION)
    assert attempts_left(counters) == 0


def test_a_failure_after_the_lock_ran_out_starts_a_fresh_count() -> None:
    locked = LoginCounters(5, NOW)
    assert after_failure(locked, NOW + LOCK_DURATION) == LoginCounters(1, None)


def test_unlocked_counters_are_not_locked() -> None:
    assert not is_locked(CLEARED, NOW)
