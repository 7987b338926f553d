"""The account calls the login dialogs need, bound to the database's units of work.

The login happens before a :class:`HallServices` exists (it needs the actor), so these
wrap the account services directly; every method runs on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from hallapp.db.uow import UnitOfWork
from hallapp.services import accounts
from hallapp.services.actors import Actor
from hallapp.services.demo import DEMO_CLERK, DEMO_HALL, DEMO_PASSWORD
from hallapp.services.halls import hall_profile


@dataclass(frozen=True)
class LoginStart:
    """What the first dialog must be: the wizard, or the login with an optional hint."""

    needs_first_admin: bool
    demo_hint: str | None


class AccountGate:
    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        read_uow: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._uow, self._read_uow, self._now = uow, read_uow, now

    def start(self) -> LoginStart:
        profile = hall_profile(self._read_uow())
        hint = None
        if profile is not None and profile.code == DEMO_HALL.code:
            hint = f"示例数据：用户 {DEMO_CLERK}，密码 {DEMO_PASSWORD}"
        return LoginStart(accounts.needs_first_admin(self._read_uow()), hint)

    def authenticate(self, login: str, password: str) -> Actor:
        return accounts.authenticate(self._uow(), login, password, self._now())

    def must_change(self, actor: Actor) -> bool:
        return accounts.password_change_required(self._read_uow(), actor)

    def change(self, actor: Actor, old: str, new: str) -> None:
        accounts.set_own_password(self._uow(), actor, old, new, self._now())

    def first_admin(self, login: str, name: str, password: str) -> Actor:
        return accounts.create_first_admin(self._uow(), login, name, password, self._now())
