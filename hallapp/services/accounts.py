"""Staff accounts: login with an Argon2id password, lockout, password change and reset.

账号与密码。Each call is one transaction: the counters and the audit record of a failed
login are committed before ``LoginFailed`` is raised, so a wrong password always counts.
Passwords are never stored, logged or audited; only their Argon2id hash is stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hallapp.core import passwords as rules
from hallapp.db import repositories as repo
from hallapp.db.models import Staff
from hallapp.db.uow import UnitOfWork
from hallapp.errors import HallappError, InvalidInput, NotFound
from hallapp.services import audit
from hallapp.services.actors import Actor, Role, parse_roles, require_any


class LoginFailed(HallappError):
    """A refused login; the message says why without telling which of login or password
    was wrong."""


@dataclass(frozen=True)
class HashParameters:
    time_cost: int
    memory_cost_kib: int
    parallelism: int


# Measured on the hall PCs' class of machine (2 cores): about 150 ms per verification
# (bench/bench_login.py). Tests lower this; a stored hash made with other parameters is
# rehashed at the next successful login.
PARAMETERS = HashParameters(time_cost=3, memory_cost_kib=64 * 1024, parallelism=1)


def hasher() -> PasswordHasher:
    p = PARAMETERS
    return PasswordHasher(
        time_cost=p.time_cost,
        memory_cost=p.memory_cost_kib,
        parallelism=p.parallelism,
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _actor(row: Staff) -> Actor:
    return Actor(row.id, row.login, row.name, parse_roles(row.roles))


def _check_rules(password: str, login: str) -> None:
    problems = rules.password_problems(password, login)
    if problems:
        raise InvalidInput("密码不符合要求", problems)


def _counters(row: Staff) -> rules.LoginCounters:
    return rules.LoginCounters(row.failed_logins, row.locked_until)


def _store(row: Staff, counters: rules.LoginCounters) -> None:
    row.failed_logins = counters.failed_logins
    row.locked_until = counters.locked_until


def _locked_message(until: datetime) -> str:
    return f"账号已锁定，请于 {until:%H:%M} 后再试，或请管理员解锁"


def _count_failure(session: Session, row: Staff, now: datetime, action: str) -> rules.LoginCounters:
    """One more wrong password on ``row``: counters and audit records (the lock too)."""
    counters = rules.after_failure(_counters(row), now)
    _store(row, counters)
    actor = _actor(row)
    audit.record(session, actor, action, "staff", row.id, {"failures": counters.failed_logins})
    if counters.locked_until is not None:
        audit.record(
            session, actor, "login.locked", "staff", row.id, {"until": counters.locked_until}
        )
    return counters


def authenticate(uow: UnitOfWork, login: str, password: str, now: datetime) -> Actor:
    """登录: the staff member whose login and password these are, or ``LoginFailed``."""
    with uow:
        session = uow.session
        row = repo.staff_by_login(session, login)
        if row is None:
            # The same cost and the same words as a wrong password: the dialog does not
            # tell an attacker which logins exist.
            _verify(_dummy_hash(), password)
            stranger = Actor(None, login[:40], login[:40], frozenset())
            audit.record(
                session, stranger, "login.failed", "staff", login[:40], {"reason": "unknown"}
            )
            uow.commit()
            raise LoginFailed(f"用户名或密码错误，还可尝试 {rules.MAX_FAILURES - 1} 次")
        actor = _actor(row)
        if rules.is_locked(_counters(row), now):
            assert row.locked_until is not None
            audit.record(session, actor, "login.refused", "staff", row.id, {"reason": "locked"})
            uow.commit()
            raise LoginFailed(_locked_message(row.locked_until))
        if row.password_hash is None:
            audit.record(
                session, actor, "login.refused", "staff", row.id, {"reason": "no_password"}
            )
            uow.commit()
            raise LoginFailed("尚未设置密码，请管理员设置")
        if not _verify(row.password_hash, password):
            counters = _count_failure(session, row, now, "login.failed")
            uow.commit()
            if counters.locked_until is not None:
                raise LoginFailed(_locked_message(counters.locked_until))
            raise LoginFailed(f"用户名或密码错误，还可尝试 {rules.attempts_left(counters)} 次")
        if not row.active:
            audit.record(session, actor, "login.refused", "staff", row.id, {"reason": "inactive"})
            uow.commit()
            raise LoginFailed("账号已停用，请联系管理员")
        _store(row, rules.CLEARED)
        if hasher().check_needs_rehash(row.password_hash):
            row.password_hash = hash_password(password)
        audit.record(session, actor, "login.ok", "staff", row.id)
        uow.commit()
        return actor


def password_change_required(uow: UnitOfWork, actor: Actor) -> bool:
    """True after an admin's reset: the login dialog asks for a new password first."""
    with uow:
        row = _staff(uow.session, actor.login)
        return row.must_change_password


def set_own_password(
    uow: UnitOfWork, actor: Actor, old: str, new: str, now: datetime | None = None
) -> None:
    """修改密码: the actor replaces their own password; a wrong old one counts as a failed
    login (an unattended desk must not become a way round the lockout)."""
    now = now or datetime.now()
    _check_rules(new, actor.login)
    if new == old:
        raise InvalidInput("密码不符合要求", ["新密码不能与原密码相同"])
    new_hash = hash_password(new)  # before the write transaction: it holds the lock
    with uow:
        session = uow.session
        row = _staff(session, actor.login)
        if rules.is_locked(_counters(row), now):
            assert row.locked_until is not None
            raise LoginFailed(_locked_message(row.locked_until))
        if row.password_hash is None or not _verify(row.password_hash, old):
            counters = _count_failure(session, row, now, "password.change_failed")
            uow.commit()
            if counters.locked_until is not None:
                raise LoginFailed(_locked_message(counters.locked_until))
            raise LoginFailed(f"原密码不正确，还可尝试 {rules.attempts_left(counters)} 次")
        _set_password(row, new_hash, now, must_change=False)
        audit.record(session, actor, "password.change", "staff", row.id)
        uow.commit()


def reset_password(
    uow: UnitOfWork,
    admin: Actor,
    login: str,
    new_temporary: str,
    now: datetime | None = None,
) -> None:
    """重置密码: an admin sets a temporary password, to be changed at the next login; the
    account is unlocked too."""
    require_any(admin, "重置密码", Role.ADMIN)
    _check_rules(new_temporary, login)
    new_hash = hash_password(new_temporary)
    with uow:
        row = _staff(uow.session, login)
        _set_password(row, new_hash, now or datetime.now(), must_change=True)
        audit.record(uow.session, admin, "password.reset", "staff", row.id, {"login": login})
        uow.commit()


def unlock(uow: UnitOfWork, admin: Actor, login: str) -> None:
    """解锁: an admin lifts a lock and clears the failure count."""
    require_any(admin, "解锁账号", Role.ADMIN)
    with uow:
        row = _staff(uow.session, login)
        _store(row, rules.CLEARED)
        audit.record(uow.session, admin, "staff.unlock", "staff", row.id, {"login": login})
        uow.commit()


def needs_first_admin(uow: UnitOfWork) -> bool:
    """True while no active admin has a password: the first-run wizard must create one."""
    with uow:
        return not _has_admin_with_password(uow.session)


def create_first_admin(
    uow: UnitOfWork, login: str, name: str, password: str, now: datetime | None = None
) -> Actor:
    """首个管理员: allowed only while ``needs_first_admin``; an existing admin account
    without a password (as ``hallapp init`` makes) gets the password instead."""
    _check_rules(password, login)
    if not login.strip() or not name.strip():
        raise InvalidInput("请填写登录名和姓名")
    new_hash = hash_password(password)
    with uow:
        session = uow.session
        # Checked inside the write transaction: two wizards cannot both pass.
        if _has_admin_with_password(session):
            raise InvalidInput("已有设置了密码的管理员，不能再创建首个管理员")
        row = repo.staff_by_login(session, login)
        if row is None:
            hall = repo.the_hall(session)
            if hall is None:
                raise NotFound("数据库尚未初始化服务中心")
            row = Staff(hall_id=hall.id, login=login, name=name, roles=Role.ADMIN.value)
            session.add(row)
        elif Role.ADMIN not in parse_roles(row.roles):
            raise InvalidInput(f"登录名“{login}”已被使用")
        row.name = name
        row.active = True
        _set_password(row, new_hash, now or datetime.now(), must_change=False)
        session.flush()
        actor = _actor(row)
        audit.record(session, actor, "staff.first_admin", "staff", row.id, {"login": login})
        uow.commit()
        return actor


def set_missing_passwords(
    uow: UnitOfWork, admin: Actor, logins: list[str], stored_hash: str, now: datetime
) -> int:
    """Give the accounts among ``logins`` that have no password yet an already computed
    hash (the demo's published password); returns how many got it."""
    require_any(admin, "设置密码", Role.ADMIN)
    if not stored_hash.startswith("$argon2id$"):
        raise InvalidInput("密码哈希必须是 Argon2id")
    with uow:
        session = uow.session
        rows = session.scalars(
            select(Staff).where(Staff.login.in_(logins), Staff.password_hash.is_(None))
        ).all()
        for row in rows:
            _set_password(row, stored_hash, now, must_change=False)
        if rows:
            # One record for the batch: a seeding, not a decision about one person.
            logins = sorted(r.login for r in rows)
            audit.record(session, admin, "password.set", "staff", "*", {"logins": logins})
        uow.commit()
        return len(rows)


@dataclass(frozen=True)
class AccountLine:
    login: str
    name: str
    roles: frozenset[Role]
    active: bool
    has_password: bool
    locked_until: datetime | None
    failed_logins: int
    must_change_password: bool


def list_accounts(uow: UnitOfWork, actor: Actor, now: datetime) -> list[AccountLine]:
    """账号一览 for admins: who has a password, who is locked (a lock that ran out is not
    shown)."""
    require_any(actor, "查看账号", Role.ADMIN)
    with uow:
        rows = uow.session.scalars(select(Staff).order_by(Staff.login)).all()
        return [
            AccountLine(
                r.login,
                r.name,
                parse_roles(r.roles),
                r.active,
                r.password_hash is not None,
                r.locked_until if rules.is_locked(_counters(r), now) else None,
                r.failed_logins,
                r.must_change_password,
            )
            for r in rows
        ]


def _staff(session: Session, login: str) -> Staff:
    row = repo.staff_by_login(session, login)
    if row is None:
        raise NotFound(f"没有登录名为“{login}”的工作人员")
    return row


def _set_password(row: Staff, new_hash: str, now: datetime, *, must_change: bool) -> None:
    row.password_hash = new_hash
    row.password_changed_at = now
    row.must_change_password = must_change
    _store(row, rules.CLEARED)


def _has_admin_with_password(session: Session) -> bool:
    rows = session.execute(
        select(Staff.roles).where(Staff.active.is_(True), Staff.password_hash.is_not(None))
    ).scalars()
    return any(Role.ADMIN in parse_roles(roles) for roles in rows)


# Verified against when the login is unknown, so that answer takes as long as a wrong
# password; made with the current parameters, of a random password nobody knows.
_dummy_hashes: dict[HashParameters, str] = {}


def _dummy_hash() -> str:
    if PARAMETERS not in _dummy_hashes:
        _dummy_hashes[PARAMETERS] = hash_password(secrets.token_urlsafe(16))
    return _dummy_hashes[PARAMETERS]
