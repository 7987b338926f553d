"""Sync at scale: a township that has never synced sends 100,000 cases (with their events,
hand-overs, forwards, deliveries and agent services: every outbox entry) over HTTP on
loopback to a real hub process on a SQLite file, from scratch.

Floor, measured in the same run: the same compressed batch bodies and envelope headers,
prepared in advance (a copy of the same outbox packed by the sender's own functions),
POSTed over the same loopback by a bare httpx client with keep-alive to a bare HTTP server
in its own process that reads and discards each body and answers 200. What is left above
the floor is the hall's reading and packing and the hub's checking and applying.

The bare server is a raw ASGI app under uvicorn (``python -m bench.bench_sync bare PORT``):
the server stack the hub itself runs on, so the floor keeps the HTTP handling both pay and
drops only the work of the sync. ``http.server`` was measured too and is no floor at all:
it writes the status line, headers and body in separate small packets, so on loopback
every answer waits for a delayed ACK (1,400 of these batches: 62 s, against 1.0 s under
uvicorn).

Bytes on the wire per case: compressed bodies plus envelope headers, divided by the cases;
its floor is the same entries' raw JSON.

The 100,000-case township is made once per schema revision and kept in bench/results;
each run copies it, so the sync always starts from scratch.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import PYTHON, REPO, Row, child_env, cost_ratio

RESULTS = REPO / "bench" / "results"
CASES, QUICK_CASES = 100_000, 500
GOAL_SECONDS = 60.0
GOAL_RATIO = 3.0
GOAL_BYTES = 400.0
HALL_NAME = "示例镇便民服务中心"


def ensure_township(count: int) -> tuple[Path, float]:
    """(path, seconds it took to make) of a demo hall with ``count`` cases, every change
    still queued in the outbox."""
    from hallapp.db.schema import HEAD_REVISION
    from hallapp.services.demo_cases import GENERATOR_VERSION

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"sync-township-{count}-r{HEAD_REVISION}-g{GENERATOR_VERSION}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, float(json.loads(meta.read_text())["seconds"])
    for stale in RESULTS.glob(f"sync-township-{count}-*"):
        stale.unlink()
    work = Path(tempfile.mkdtemp(prefix="making-sync-", dir=RESULTS))
    try:
        start = time.perf_counter()
        ctx = _open(work / "hall.sqlite3")
        try:
            from hallapp.services.actors import COMMAND_LINE
            from hallapp.services.demo import seed_demo
            from hallapp.services.demo_cases import generate_cases

            seed_demo(ctx.uow(), COMMAND_LINE)
            generate_cases(ctx.uow(), COMMAND_LINE, count, outbox="all")
        finally:
            ctx.close()
        seconds = time.perf_counter() - start
        shutil.move(str(work / "hall.sqlite3"), path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    meta.write_text(json.dumps({"seconds": seconds, "cases": count}))
    return path, seconds


def _open(path: Path):  # type: ignore[no-untyped-def]
    from hallapp.app import open_database
    from hallapp.config import Settings

    return open_database(Settings(path, path.parent / "backups", path.parent / "config.toml"))


def _services(ctx):  # type: ignore[no-untyped-def]
    from hallapp.services.facade import HallServices
    from hallapp.services.halls import actor_for

    return HallServices(ctx.uow, ctx.read_uow, actor_for(ctx.read_uow(), "lijianguo"), ctx.db_path)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(args: list[str], url: str, log: Path) -> subprocess.Popen[bytes]:
    """Start a server child and return once ``url`` answers."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [PYTHON, *args], cwd=REPO, env=child_env(), stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{' '.join(args)} exited:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(url, timeout=2)
            return proc
        except httpx.TransportError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


def _prepared_batches(source: Path, work: Path, hub_url: str, credential: Path):  # type: ignore[no-untyped-def]
    """The batches the hall sends, as (envelope header, body) pairs: a second copy of the
    township's outbox read and packed by the sender's own functions, the same size."""
    from hallapp.services import sync_store
    from hallapp.services.demo import DEMO_HALL
    from hallapp.sync.protocol import make_batch_from_rows

    copy = work / "packed" / "hall.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(source, copy)
    ctx = _open(copy)
    batches = []
    try:
        _services(ctx).configure_sync(hub_url, DEMO_HALL.code, credential)
        config = sync_store.read_config(ctx.uow())
        cursor = config.acked_seq
        while True:
            ahead = sync_store.read_ahead(ctx.uow(), cursor, config.batch_size)
            if not ahead.entries:
                break
            batch = make_batch_from_rows(config.hall_code, config.secret, ahead.entries)
            batches.append((json.dumps(batch.header(), separators=(",", ":")), batch.body))
            cursor = batch.last_seq
    finally:
        ctx.close()
    shutil.rmtree(copy.parent)
    return batches


def _floor(batches: list[tuple[str, bytes]], work: Path) -> float:
    from hallapp.sync.protocol import ENVELOPE_HEADER

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = _serve(["-m", "bench.bench_sync", "bare", str(port)], url, work / "bare.log")
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            start = time.perf_counter()
            for header, body in batches:
                headers = {ENVELOPE_HEADER: header, "Content-Type": "application/octet-stream"}
                client.post("/api/v1/batches", content=body, headers=headers).raise_for_status()
            return time.perf_counter() - start
    finally:
        _stop(server)


def run(quick: bool = False) -> list[Row]:
    import zlib

    from hallapp.hub.store import HubStore
    from hallapp.services.demo import DEMO_HALL

    count = QUICK_CASES if quick else CASES
    source, made_in = ensure_township(count)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        hall_db = work / "hall" / "hall.sqlite3"
        hall_db.parent.mkdir()
        shutil.copyfile(source, hall_db)
        hub_url_db = f"sqlite+pysqlite:///{work / 'hub.sqlite3'}"
        store = HubStore(hub_url_db)
        credential = work / "credential.json"
        store.add_hall(DEMO_HALL.code, HALL_NAME).write(credential)
        port = _free_port()
        hub_url = f"http://127.0.0.1:{port}"
        serve = ["-m", "hallapp", "hub", "serve", "--db", hub_url_db]
        hub = _serve(
            [*serve, "--host", "127.0.0.1", "--port", str(port)],
            f"{hub_url}/healthz",
            work / "hub.log",
        )
        try:
            ctx = _open(hall_db)
            try:
                services = _services(ctx)
                services.configure_sync(hub_url, DEMO_HALL.code, credential)
                start = time.perf_counter()
                result = services.sync_now()
                total = time.perf_counter() - start
            finally:
                ctx.close()
        finally:
            _stop(hub)
        if not result.complete:
            raise RuntimeError(f"the sync did not complete: {result.error}")
        entries = int(store.version_count(DEMO_HALL.code))
        cases = int(store.state(DEMO_HALL.code)["counts"].get("case", 0))
        store.close()
        if cases != count:
            raise RuntimeError(f"the hub holds {cases} cases, the township made {count}")

        batches = _prepared_batches(source, work, hub_url, credential)
        floor = _floor(batches, work)
        wire = sum(len(h) + len("X-Hallapp-Envelope: \r\n") + len(b) for h, b in batches)
        raw = sum(len(zlib.decompress(b)) for _h, b in batches)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = cost_ratio(total, floor)
    per_case, raw_per_case = wire / count, raw / count
    return [
        Row(
            name=f"sync {count:,} cases from scratch (HTTP, loopback, SQLite hub)",
            value=total,
            unit="s",
            floor=floor,
            floor_unit="s",
            ratio=ratio,
            goal=f"≤ {GOAL_SECONDS:.0f} s, ≤ {GOAL_RATIO:.0f}× floor",
            ok=total <= GOAL_SECONDS and ratio <= GOAL_RATIO,
            note=(
                f"{entries:,} entries in {result.batches:,} batches; floor: the same bodies "
                f"to a bare uvicorn app; township made in {made_in:.0f} s (cached)"
            ),
        ),
        Row(
            name="sync bytes on the wire per case",
            value=per_case,
            unit="B",
            floor=raw_per_case,
            floor_unit="B raw JSON",
            ratio=cost_ratio(per_case, raw_per_case),
            goal=f"≤ {GOAL_BYTES:.0f} B",
            ok=per_case <= GOAL_BYTES,
            note="compressed bodies + envelope headers",
        ),
    ]


async def _bare_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    """Reads the whole body, drops it, answers 200 with a small JSON like the hub's."""
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    answer = b'{"ok":true}'
    headers = [(b"content-type", b"application/json"), (b"content-length", b"11")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer})


def _main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "bare":
        import uvicorn

        uvicorn.run(_bare_app, host="127.0.0.1", port=int(argv[1]), log_level="warning")
        return 0
    print("usage: python -m bench.bench_sync bare PORT", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
