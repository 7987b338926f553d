"""Batches that arrive on a USB stick: ``hallapp hub import FILE`` and its ack file.

The file is checked whole before anything is applied: it is decrypted with the key of the
hall its first line names, and one altered byte anywhere (the first line or the
ciphertext) fails the AEAD tag, so nothing of it is applied, as the contract says.
A file that is intact is then applied batch by batch with the same idempotency as over
HTTP; a refusal at that stage (a gap: the hub misses entries of an earlier file) stops
the import there, and the ack covers what was applied, so the hall's next export starts
where the hub stands.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hallapp.hub.errors import HubError
from hallapp.sync.file_crypto import BatchFileRefused, decrypt_batches_file, read_header
from hallapp.sync.protocol import (
    Ack,
    Batch,
    BatchRefused,
    make_ack,
    open_batch,
)


@dataclass
class ImportSummary:
    hall_code: str
    last_seq: int = 0  # the hub's last sequence for the hall after the import
    applied: list[str] = field(default_factory=list)  # batch ids applied now
    duplicates: list[str] = field(default_factory=list)  # batch ids applied before
    entries: int = 0  # entries applied now
    refused: BatchRefused | None = None  # the refusal that stopped the import

    @property
    def batch_ids(self) -> list[str]:
        return [*self.applied, *self.duplicates]

    def describe(self) -> str:
        text = (
            f"服务中心 {self.hall_code}：新接收 {len(self.applied)} 个批次（{self.entries} 条记录），"
            f"重复 {len(self.duplicates)} 个，平台已收到序号 {self.last_seq}"
        )
        if self.refused is not None:
            text += f"；导入在此中止：{self.refused.message}（{self.refused.code}）"
        return text


def read_batches(
    path: Path, secret_of: Callable[[str], str | None]
) -> tuple[str, str, list[Batch]]:
    """The hall code, the hall's secret and the batches of an export file, only if the
    file decrypts with that hall's key (so no byte of it changed) and every line parses."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HubError(f"无法读取批次文件 {path}：{exc.strerror or exc}") from exc
    if not data.strip():
        raise HubError(f"批次文件 {path} 是空的")
    try:
        hall_code = read_header(data).hall_code
        secret = secret_of(hall_code)
        if secret is None:
            raise HubError(f"服务中心 {hall_code} 未在县级平台登记，未导入任何内容")
        _, plain = decrypt_batches_file(data, secret)
    except BatchFileRefused as exc:
        raise HubError(f"{path.name}：{exc.message}，未导入任何内容") from exc
    out = []
    for number, line in enumerate(plain.splitlines(), start=1):
        try:
            batch = Batch.from_envelope(json.loads(line))
        except (ValueError, BatchRefused) as exc:
            raise HubError(f"批次文件第{number}个批次无法解析，未导入任何内容：{exc}") from exc
        if batch.hall_code != hall_code:
            raise HubError(f"批次文件第{number}个批次属于另一个服务中心，未导入任何内容")
        out.append(batch)
    return hall_code, secret, out


def verify_batches(batches: list[Batch], secret: str) -> None:
    """Every batch's checksum, signature and body, before any is applied."""
    for number, batch in enumerate(batches, start=1):
        try:
            open_batch(batch, secret)
        except BatchRefused as exc:
            raise HubError(
                f"批次文件第{number}个批次（ {batch.batch_id}）被拒收，未导入任何内容：{exc.message}"
            ) from exc


def apply_batches(
    hall_code: str, batches: list[Batch], receive: Callable[[Batch], Ack], last_seq: int
) -> ImportSummary:
    summary = ImportSummary(hall_code, last_seq=last_seq)
    for batch in batches:
        try:
            ack = receive(batch)
        except BatchRefused as exc:
            summary.refused = exc
            break
        (summary.duplicates if ack.duplicate else summary.applied).append(batch.batch_id)
        if not ack.duplicate:
            summary.entries += batch.last_seq - batch.first_seq + 1
        summary.last_seq = max(summary.last_seq, ack.last_seq)
    return summary


def write_ack(path: Path, summary: ImportSummary, secret: str, hub_last_seq: int) -> Path:
    """``FILE.ack.json``, signed with the hall's secret: the hall marks its entries up to
    ``last_seq`` delivered."""
    ack_path = path.with_name(path.name + ".ack.json")
    ids = summary.batch_ids
    data = make_ack(summary.hall_code, secret, hub_last_seq, ids)
    ack_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ack_path
