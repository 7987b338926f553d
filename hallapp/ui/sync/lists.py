"""The area's two lists: batches the hub refused for good (退回的批次), and the
catalogue and calendar updates it sent down. Both are short, so they are read whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hallapp.ui.agents.tables import RowsModel, RowsTable
from hallapp.ui.sync.texts import full_time, kind_label

if TYPE_CHECKING:
    from hallapp.services.sync import ParkedBatch, UpdateNote


def seq_range(batch: ParkedBatch) -> str:
    if batch.first_seq == batch.last_seq:
        return f"第 {batch.first_seq} 条"
    return f"第 {batch.first_seq}–{batch.last_seq} 条"


def parked_model() -> RowsModel[ParkedBatch]:
    return RowsModel(
        ("序号范围", "时间", "原因"),
        lambda b: (seq_range(b), full_time(b.at), b.message),
        flag=lambda _b: True,
        tooltip=lambda b: f"{b.message}（{b.code}）",
    )


def updates_model() -> RowsModel[UpdateNote]:
    return RowsModel(
        ("时间", "类别", "内容"),
        lambda n: (full_time(n.at), kind_label(n.kind), n.summary),
        tooltip=lambda n: n.summary,
    )


def make_table(model: RowsModel[ParkedBatch] | RowsModel[UpdateNote], empty: str) -> RowsTable:
    table = RowsTable(model, empty)
    table.setMinimumHeight(150)
    return table
