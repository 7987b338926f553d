"""Staff accounts on a real database: login, lockout, password change and reset, the
first admin, the audit records they leave, the CLI and the migration that adds them."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from hallapp.app import AppContext, open_database
from hallapp.cli import main
from hallapp.config import Settings
from hallapp.db.models import AuditRecord, Staff
from hallapp.db.schema import current_revision, downgrade_database
from hallapp.errors import InvalidInput, PermissionDenied
from hallapp.services import accounts
from hallapp.services.accounts import (
    HashParameters,
    LoginFailed,
    authenticate,
    create_first_admin,
    needs_first_admin,
    password_change_required,
    reset_password,
    set_own_password,
    unlock,
)
from hallapp.services.actors import COMMAND_LINE, Actor, Role
from hallapp.services.audit_verify import verify_chain
from hallapp.services.demo import DEMO_PASSWORD, DEMO_PASSWORD_HASH, seed_demo
from hallapp.services.halls import HallProfile, StaffMember, add_staff, initialise_hall

NOW = datetime(2026, 3, 2, 9, 0)
PASSWORD = "Chuang-1-kou"


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real parameters cost ~150 ms a hash; the rules under test do not need them."""
    monkeypatch.setattr(accounts, "PARAMETERS", HashParameters(1, 64, 1))


@pytest.fixture
def with_password(demo: AppContext) -> AppContext:
    reset_password(demo.uow(), COMMAND_LINE, "zhangmin", PASSWORD, now=NOW)
    return demo


def staff(ctx: AppContext, login: str) -> Staff:
    with ctx.read_uow() as uow:
        row = uow.session.scalars(select(Staff).where(Staff.login == login)).one()
        uow.session.expunge(row)
        return row


def actions(ctx: AppContext) -> list[tuple[str, str]]:
    with ctx.read_uow() as uow:
        rows = uow.session.execute(
            select(AuditRecord.action, AuditRecord.detail).order_by(AuditRecord.id)
        ).all()
        return [(a, d) for a, d in rows]


def fail(ctx: AppContext, login: str, password: str, now: datetime) -> str:
    with pytest.raises(LoginFailed) as exc:
        authenticate(ctx.uow(), login, password, now)
    return exc.value.message


def test_the_demo_password_opens_every_demo_account(demo: AppContext) -> None:
    assert PasswordHasher().verify(DEMO_PASSWORD_HASH, DEMO_PASSWORD)
    seeded = [d for a, d in actions(demo) if a == "password.set"]
    assert len(seeded) == 1 and "zhangmin" in seeded[0] and DEMO_PASSWORD not in seeded[0]
    actor = authenticate(demo.uow(), "lijianguo", DEMO_PASSWORD, NOW)
    assert (actor.login, actor.name) == ("lijianguo", "李建国")
    assert not password_change_required(demo.uow(), actor)
    # The published hash had the real parameters: the login rehashed it with today's.
    assert staff(demo, "lijianguo").password_hash != DEMO_PASSWORD_HASH
    assert staff(demo, "zhangmin").password_hash == DEMO_PASSWORD_HASH
    # A second seeding leaves passwords that were changed alone.
    seed_demo(demo.uow(), COMMAND_LINE)
    assert staff(demo, "lijianguo").password_hash != DEMO_PASSWORD_HASH
    assert len([a for a, _ in actions(demo) if a == "password.set"]) == 1


def test_the_stored_hash_is_argon2id_never_the_password(with_password: AppContext) -> None:
    stored = staff(with_password, "zhangmin").password_hash
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    raw = sqlite3.connect(with_password.settings.db_path)
    try:
        dump = "\n".join(raw.iterdump())
    finally:
        raw.close()
    assert PASSWORD not in dump


def test_login_succeeds_and_is_audited(with_password: AppContext) -> None:
    actor = authenticate(with_password.uow(), "zhangmin", PASSWORD, NOW)
    assert actor.login == "zhangmin" and actor.staff_id is not None
    assert actions(with_password)[-1][0] == "login.ok"
    # A reset password is temporary: the dialog must ask for a new one.
    assert password_change_required(with_password.uow(), actor)


def test_wrong_password_and_unknown_login_get_the_same_words(with_password: AppContext) -> None:
    assert (
        fail(with_password, "zhangmin", "wrong-password", NOW) == "用户名或密码错误，还可尝试 4 次"
    )
    assert fail(with_password, "nobody", PASSWORD, NOW) == "用户名或密码错误，还可尝试 4 次"
    assert fail(with_password, "zhangmin", "wrong-again", NOW) == "用户名或密码错误，还可尝试 3 次"
    trail = actions(with_password)
    assert [a for a, _ in trail[-3:]] == ["login.failed"] * 3
    assert all(PASSWORD not in d and "wrong" not in d for _, d in trail)
    assert staff(with_password, "zhangmin").failed_logins == 2
    assert verify_chain(with_password.read_uow()).intact


def test_five_failures_lock_even_the_right_password_out_for_15_minutes(
    with_password: AppContext,
) -> None:
    for _ in range(4):
        fail(with_password, "zhangmin", "wrong-password", NOW)
    assert fail(with_password, "zhangmin", "wrong-password", NOW) == (
        "账号已锁定，请于 09:15 后再试，或请管理员解锁"
    )
    assert [a for a, _ in actions(with_password)[-2:]] == ["login.failed", "login.locked"]
    later = NOW + timedelta(minutes=14)
    assert fail(with_password, "zhangmin", PASSWORD, later).startswith("账号已锁定")
    assert actions(with_password)[-1][0] == "login.refused"
    # Once the 15 minutes have passed the right password works and clears the counters.
    actor = authenticate(with_password.uow(), "zhangmin", PASSWORD, NOW + timedelta(minutes=15))
    assert actor.login == "zhangmin"
    row = staff(with_password, "zhangmin")
    assert (row.failed_logins, row.locked_until) == (0, None)


def test_an_admin_unlocks_at_once(with_password: AppContext, clerk: Actor) -> None:
    for _ in range(5):
        fail(with_password, "zhangmin", "wrong-password", NOW)
    with pytest.raises(PermissionDenied, match="管理员"):
        unlock(with_password.uow(), clerk, "zhangmin")
    unlock(with_password.uow(), COMMAND_LINE, "zhangmin")
    assert actions(with_password)[-1][0] == "staff.unlock"
    assert authenticate(with_password.uow(), "zhangmin", PASSWORD, NOW).login == "zhangmin"


def test_an_inactive_account_cannot_log_in(with_password: AppContext) -> None:
    with with_password.uow() as uow:
        row = uow.session.scalars(select(Staff).where(Staff.login == "zhangmin")).one()
        row.active = False
        uow.commit()
    assert fail(with_password, "zhangmin", PASSWORD, NOW) == "账号已停用，请联系管理员"
    assert actions(with_password)[-1][0] == "login.refused"


def test_an_account_without_password_is_told_to_ask_the_admin(ctx: AppContext) -> None:
    initialise_hall(ctx.uow(), COMMAND_LINE, HallProfile("430121104000", "示例镇便民服务中心"))
    create_first_admin(ctx.uow(), "admin", "系统管理员", PASSWORD, now=NOW)
    add_staff(ctx.uow(), COMMAND_LINE, StaffMember("liujun", "刘军", frozenset({Role.CLERK})))
    assert fail(ctx, "liujun", "", NOW) == "尚未设置密码，请管理员设置"


def test_own_password_change_follows_the_rules(with_password: AppContext) -> None:
    actor = authenticate(with_password.uow(), "zhangmin", PASSWORD, NOW)
    with pytest.raises(InvalidInput) as exc:
        set_own_password(with_password.uow(), actor, PASSWORD, "12345678", now=NOW)
    assert exc.value.problems == ["密码不能全部是数字"]
    with pytest.raises(InvalidInput) as exc:
        set_own_password(with_password.uow(), actor, PASSWORD, PASSWORD, now=NOW)
    assert exc.value.problems == ["新密码不能与原密码相同"]
    with pytest.raises(LoginFailed, match="原密码不正确，还可尝试 4 次"):
        set_own_password(with_password.uow(), actor, "not-the-old", "New-pass-2026", now=NOW)
    set_own_password(with_password.uow(), actor, PASSWORD, "New-pass-2026", now=NOW)
    assert actions(with_password)[-1][0] == "password.change"
    assert not password_change_required(with_password.uow(), actor)
    fail(with_password, "zhangmin", PASSWORD, NOW)
    assert authenticate(with_password.uow(), "zhangmin", "New-pass-2026", NOW) == actor
    assert staff(with_password, "zhangmin").password_changed_at == NOW


def test_a_clerk_cannot_reset_passwords(demo: AppContext, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied, match="重置密码需要管理员角色"):
        reset_password(demo.uow(), clerk, "liujun", PASSWORD)


def test_reset_refuses_a_weak_temporary_password(demo: AppContext) -> None:
    with pytest.raises(InvalidInput) as exc:
        reset_password(demo.uow(), COMMAND_LINE, "liujun", "liujun")
    assert "密码不能与登录名相同" in exc.value.problems
    assert staff(demo, "liujun").password_hash == DEMO_PASSWORD_HASH


def test_the_first_admin_is_created_only_once(ctx: AppContext) -> None:
    initialise_hall(ctx.uow(), COMMAND_LINE, HallProfile("430121104000", "示例镇便民服务中心"))
    assert needs_first_admin(ctx.uow())
    admin = create_first_admin(ctx.uow(), "boss", "赵主任", PASSWORD, now=NOW)
    assert not needs_first_admin(ctx.uow())
    assert authenticate(ctx.uow(), "boss", PASSWORD, NOW) == admin
    with pytest.raises(InvalidInput, match="已有设置了密码的管理员"):
        create_first_admin(ctx.uow(), "other", "钱某", PASSWORD, now=NOW)
    assert actions(ctx)[-2][0] == "staff.first_admin"


def test_cli_lists_sets_and_unlocks(
    demo: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo.settings.db_path)
    demo.close()
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    assert main(["--db", db, "user", "passwd", "liujun", "--password-file", str(secret)]) == 0
    assert "已为 liujun 设置密码" in capsys.readouterr().out

    weak = tmp_path / "weak.txt"
    weak.write_text("12345678\n", encoding="utf-8")
    assert main(["--db", db, "user", "passwd", "liujun", "--password-file", str(weak)]) == 1
    assert "密码不能全部是数字" in capsys.readouterr().err
    assert main(["--db", db, "user", "passwd", "nobody", "--password-file", str(secret)]) == 1

    ctx = open_database(demo.settings)
    try:
        now = datetime.now()  # `user list` shows locks as of the real clock
        for _ in range(5):
            fail(ctx, "liujun", "wrong-password", now)
    finally:
        ctx.close()
    assert main(["--db", db, "user", "list"]) == 0
    listing = capsys.readouterr().out
    line = next(x for x in listing.splitlines() if x.startswith("liujun\t"))
    assert "须修改密码" in line and "锁定至" in line
    assert main(["--db", db, "user", "unlock", "liujun"]) == 0
    assert main(["--db", db, "user", "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("liujun\t"))
    assert "锁定" not in line
    ctx = open_database(demo.settings)
    try:
        assert authenticate(ctx.uow(), "liujun", PASSWORD, datetime.now()).login == "liujun"
    finally:
        ctx.close()


def test_cli_passwd_asks_twice_and_refuses_a_mismatch(
    demo: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo.settings.db_path)
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert main(["--db", db, "user", "passwd", "liujun"]) == 1
    assert "两次输入的密码不一致" in capsys.readouterr().err
    assert staff(demo, "liujun").password_hash == DEMO_PASSWORD_HASH


def test_migration_0010_keeps_staff_without_passwords(settings: Settings) -> None:
    ctx = open_database(settings)
    try:
        seed_demo(ctx.uow(), COMMAND_LINE)
        downgrade_database(ctx.engine, "0009")
    finally:
        ctx.close()
    assert current_revision(settings.db_path) == "0009"
    ctx = open_database(settings)
    try:
        assert ctx.migration.before == "0009" and ctx.migration.backup is not None
        row = staff(ctx, "zhangmin")
        assert (row.password_hash, row.failed_logins, row.must_change_password) == (None, 0, False)
        assert needs_first_admin(ctx.uow())
        assert fail(ctx, "zhangmin", DEMO_PASSWORD, NOW) == "尚未设置密码，请管理员设置"
    finally:
        ctx.close()
