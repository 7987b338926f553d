"""The county overview in the browser: login, the three pages, HTML escaped."""

from __future__ import annotations

from datetime import datetime

import pytest
from starlette.testclient import TestClient

from hallapp.hub.credentials import Credential
from hallapp.hub.sessions import COOKIE_NAME, make_cookie, read_cookie
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import Entry
from tests.hub.conftest import HALL, batch_of, case_number, case_payload, entries

PASSWORD = "county-2026"


@pytest.fixture
def viewer(store: HubStore) -> str:
    store.add_user("xianji", PASSWORD)
    return "xianji"


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "next": "/overdue"},
        follow_redirects=False,
    )
    return response.status_code


@pytest.mark.parametrize("path", ["/", "/cases", "/overdue?page=2"])
def test_pages_need_a_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_a_wrong_password_or_user_is_refused(client: TestClient, viewer: str) -> None:
    assert log_in(client, viewer, "wrong-password") == 401
    assert log_in(client, "nobody") == 401
    assert COOKIE_NAME not in client.cookies
    response = client.get("/login")
    assert "用户名" in response.text and "密码" in response.text


def test_a_login_sets_a_protected_cookie_and_returns_to_the_page(
    client: TestClient, viewer: str
) -> None:
    response = client.post(
        "/login",
        data={"username": viewer, "password": PASSWORD, "next": "/overdue"},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/overdue")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/", follow_redirects=False).status_code == 200


def test_the_login_never_redirects_off_site(client: TestClient, viewer: str) -> None:
    response = client.post(
        "/login",
        data={"username": viewer, "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_a_forged_or_expired_cookie_is_not_a_session(client: TestClient, viewer: str) -> None:
    client.cookies.set(COOKIE_NAME, make_cookie("not the secret", viewer, datetime(2026, 12, 1, 9)))
    assert client.get("/", follow_redirects=False).status_code == 303
    secret = "k" * 64
    cookie = make_cookie(secret, viewer, datetime(2026, 12, 1, 9))
    assert read_cookie(secret, cookie, datetime(2026, 12, 1, 20, 59)) == viewer
    assert read_cookie(secret, cookie, datetime(2026, 12, 1, 21, 0)) is None
    assert (
        read_cookie(
            secret, cookie[:-1] + ("0" if cookie[-1] != "0" else "1"), datetime(2026, 12, 1, 10)
        )
        is None
    )


def test_logout_ends_the_session(client: TestClient, viewer: str) -> None:
    log_in(client, viewer)
    client.post("/logout")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_halls_page_in_chinese_with_names_escaped(
    client: TestClient, store: HubStore, viewer: str
) -> None:
    cred = store.add_hall(HALL, "<script>alert(1)</script>镇")
    store.receive(batch_of(cred, entries(1, 3)))
    store.add_hall("430121105000", "某乡便民服务中心")
    log_in(client, viewer)
    html = client.get("/").text
    assert "服务中心同步情况" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;镇" in html
    assert "从未同步" in html
    assert "2026-12-01 09:00" in html


def test_the_cases_page_counts_by_state_with_chinese_labels(
    client: TestClient, store: HubStore, hall: Credential, viewer: str
) -> None:
    items = [
        *entries(1, 3),
        Entry(4, "case", case_number(4), "create", case_payload(case_number(4), "completed"), "t"),
    ]
    store.receive(batch_of(hall, items))
    log_in(client, viewer)
    html = client.get("/cases").text
    assert "受理" in html and "办结" in html and "合计" in html
    assert "<td class=num>3</td><td class=num>1</td><td class=num>4</td>" in html


def test_the_overdue_page_lists_open_cases_past_the_legal_limit(
    client: TestClient, store: HubStore, hall: Credential, viewer: str
) -> None:
    # today is 2026-12-01 (the client fixture); the legal limit 2026-11-20
    overdue = entries(1, 55, applicant_doc_number="110101199003074514")
    on_time = [
        Entry(
            56,
            "case",
            case_number(56),
            "create",
            case_payload(case_number(56), legal_due="2026-12-02"),
            "t",
        )
    ]
    closed = [
        Entry(
            57, "case", case_number(57), "create", case_payload(case_number(57), "completed"), "t"
        )
    ]
    store.receive(batch_of(hall, overdue + on_time + closed))
    log_in(client, viewer)
    html = client.get("/overdue").text
    assert "共 55 件" in html
    assert "第 1 / 2 页" in html
    assert case_number(1) in html and case_number(50) in html
    assert case_number(51) not in html
    assert "<td class=num>11</td>" in html  # days overdue
    assert "110101199003074514" not in html and "王小明" not in html
    second = client.get("/overdue?page=2").text
    assert case_number(55) in second and case_number(56) not in second
    assert case_number(57) not in second
    assert "上一页" in second
