"""统计 in the county's browser: the login, a row per hall and the county's total for the
period asked for, the presets, refused dates, and the XLSX download read back."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO
from typing import Any
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from hallapp.hub.credentials import Credential
from hallapp.hub.stats_table import COLUMNS
from hallapp.hub.store import HubStore
from hallapp.sync.protocol import Entry
from tests.hub.conftest import HALL, OTHER_HALL, batch_of, case_number, case_payload

PASSWORD = "county-2026"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def _case(n: int, hall: str, received: str, **extra: Any) -> Entry:
    number = case_number(n, hall)
    payload = case_payload(
        number, **{"received_at": f"{received}T09:00:00", "agent_id": None, **extra}
    )
    return Entry(n, "case", number, "create", payload, "x")


def deliver_november(store: HubStore, hall: Credential) -> None:
    """城关镇: two cases completed in November 2026, one on time and one a working day
    late against its promised limit, one still open; two ratings and a complaint
    answered on time. 新民镇 (``OTHER_HALL``): one case taken in."""
    closed = {"state": "completed", "accepted_on": "2026-11-02", "promised_due": "2026-11-09",
              "legal_due": "2026-11-20", "closed_at": "2026-11-06T15:00:00"}  # fmt: skip
    late = {"state": "delivered", "accepted_on": "2026-11-03", "promised_due": "2026-11-05",
            "legal_due": "2026-11-17", "closed_at": "2026-11-10T11:00:00"}  # fmt: skip
    items = [
        _case(1, HALL, "2026-11-02", **{**closed, "agent_id": 5}),
        _case(2, HALL, "2026-11-03", **late),
        _case(3, HALL, "2026-11-20", state="accepted", accepted_on="2026-11-20"),
        Entry(4, "evaluation", case_number(1), "create",
              {"rating": "very_satisfied", "rated_at": "2026-11-06T15:10:00"}, "x"),
        Entry(5, "evaluation", case_number(2), "create",
              {"rating": "dissatisfied", "rated_at": "2026-11-10T11:10:00"}, "x"),
        Entry(6, "complaint", f"{HALL}-TS20261104-01", "create",
              {"received_at": "2026-11-04T10:00:00", "due_on": "2026-11-18",
               "substantiated": False, "replied_on": "2026-11-12", "closed_on": None}, "x"),
    ]  # fmt: skip
    store.receive(batch_of(hall, items))
    other = store.add_hall(OTHER_HALL, "新民镇便民服务中心")
    store.receive(batch_of(other, [_case(1, OTHER_HALL, "2026-11-05", state="accepted")]))


# 区划代码 … 投诉按期办结, as the page and the workbook show them.
EXPECTED = [
    [HALL, "城关镇便民服务中心", "3", "2", "50.0%", "100.0%", "4.5", "3.5", "12.0", "70.8%",
     "1", "0", "2", "1", "0", "0", "1", "0", "50.0%", "1", "0", "1"],
    [OTHER_HALL, "新民镇便民服务中心", "1", "0", "—", "—", "—", "—", "—", "—",
     "0", "0", "0", "0", "0", "0", "0", "0", "—", "0", "0", "0"],
    ["", "全县合计", "4", "2", "50.0%", "100.0%", "4.5", "3.5", "12.0", "70.8%",
     "1", "0", "2", "1", "0", "0", "1", "0", "50.0%", "1", "0", "1"],
]  # fmt: skip


@pytest.fixture
def viewer(store: HubStore, client: TestClient) -> TestClient:
    """The client, logged in as a county viewer."""
    store.add_user("xianji", PASSWORD)
    response = client.post(
        "/login", data={"username": "xianji", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    return client


def table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


@pytest.mark.parametrize("path", ["/stats", "/stats.xlsx?from=2026-11-01&to=2026-11-30"])
def test_the_statistics_need_a_login(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert unquote(response.headers["location"]).endswith(path)


def test_a_row_per_hall_and_the_county_total(
    viewer: TestClient, store: HubStore, hall: Credential
) -> None:
    deliver_november(store, hall)
    response = viewer.get("/stats", params=NOVEMBER)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert "统计期间：2026年11月1日—2026年11月30日" in html
    headers = [unescape(h) for h in re.findall(r"<th>(.*?)</th>", html)]
    assert headers == [c.title for c in COLUMNS]
    assert table_rows(html) == EXPECTED
    assert '<tr class="total">' in html
    assert 'href="/stats.xlsx?from=2026-11-01&amp;to=2026-11-30"' in html


def test_another_period_counts_only_its_own(
    viewer: TestClient, store: HubStore, hall: Credential
) -> None:
    deliver_november(store, hall)
    rows = table_rows(viewer.get("/stats", params={"from": "2026-11-07", "to": "2026-11-30"}).text)
    # Received: the open case of 11-20; completed: the late one of 11-10. 新民镇's case
    # came in on 11-05.
    assert rows[0][2:6] == ["1", "1", "0.0%", "100.0%"]
    assert rows[1][2:4] == ["0", "0"]
    assert rows[2][2:4] == ["1", "1"]


def test_the_overview_links_to_the_statistics_and_this_month_is_the_default(
    viewer: TestClient,
) -> None:
    assert 'href="/stats"' in viewer.get("/").text
    html = viewer.get("/stats").text  # the app's today is 2026-12-01
    assert "统计期间：2026年12月1日—2026年12月31日" in html
    assert "class=current>统计</a>" in html
    presets = re.findall(r'<a href="/stats\?from=([\d-]+)&amp;to=([\d-]+)">(.*?)</a>', html)
    assert presets == [
        ("2026-12-01", "2026-12-31", "本月"),
        ("2026-01-01", "2026-06-30", "上半年"),
        ("2026-01-01", "2026-12-31", "本年"),
    ]
    assert 'value="2026-12-01"' in html and 'value="2026-12-31"' in html


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2026-13-01",
            "2026-12-31",
            "起始日期“2026-13-01”不是有效日期：须为 年-月-日，如 2026-01-01",
        ),
        ("2026-12-01", "2026-02-30", "截止日期“2026-02-30”不是有效日期"),
        ("20261201", "2026-12-31", "起始日期“20261201”不是有效日期"),
        ("2026-12-31", "2026-12-01", "统计期间的起始日期（2026-12-31）晚于截止日期（2026-12-01）"),
        ("2026-12-01", "", "请同时给出起始日期和截止日期"),
        ("1999-12-01", "2026-12-01", "统计期间须在 2000 年至 2100 年之内"),
        ("2026-12-01", "9999-12-31", "统计期间须在 2000 年至 2100 年之内"),
        ("<b>x</b>", "2026-12-01", "起始日期“&lt;b&gt;x&lt;/b&gt;”不是有效日期"),
    ],
)
@pytest.mark.parametrize("path", ["/stats", "/stats.xlsx"])
def test_a_date_that_means_no_period_is_refused_in_plain_words(
    viewer: TestClient, path: str, start: str, end: str, message: str
) -> None:
    response = viewer.get(path, params={"from": start, "to": end})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert f"<p class=error>{message}" in response.text
    assert "<b>x</b>" not in response.text


def test_the_download_is_the_same_table_with_the_period_in_its_heading(
    viewer: TestClient, store: HubStore, hall: Credential
) -> None:
    deliver_november(store, hall)
    response = viewer.get("/stats.xlsx", params=NOVEMBER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["cache-control"] == "no-store"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="county-stats-20261101-20261130.xlsx"')
    assert unquote(disposition.split("UTF-8''")[1]) == "县级统计_20261101-20261130.xlsx"
    check_workbook(load_workbook(BytesIO(response.content)))


def check_workbook(book: Any) -> None:
    """The workbook of ``deliver_november``'s November: its heading, the columns, each
    hall and the total, rates kept as fractions formatted as percentages."""
    sheet = book["县级统计"]
    assert sheet["A1"].value == "县级便民服务平台　各服务中心办件统计"
    assert sheet["A2"].value == "统计期间：2026年11月1日—2026年11月30日"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=7)]
    assert values[0] == [c.title for c in COLUMNS]
    assert values[1][:4] == [HALL, "城关镇便民服务中心", 3, 2]
    assert values[1][4:10] == [0.5, 1.0, 4.5, 3.5, 12.0, pytest.approx(1 - 7 / 24)]
    assert values[1][10:] == [1, 0, 2, 1, 0, 0, 1, 0, 0.5, 1, 0, 1]
    assert values[2][:4] == [OTHER_HALL, "新民镇便民服务中心", 1, 0]
    assert values[2][4] is None  # nothing to judge: an empty cell, not 0%
    assert values[3][:4] == [None, "全县合计", 4, 2]
    assert sheet["E5"].number_format == "0.0%"
    assert sheet["G5"].number_format == "0.0"
    assert sheet["B7"].font.bold
