"""The parts of one case as taken in: the case, the applicant, materials, fees, refusal.

Every field reads a :class:`CaseDetail`; none holds a full ID number (the services hand
over masked ones only).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallapp.core.intake import MaterialStatus
from hallapp.services.cases import CaseDetail
from hallapp.ui.due_date_label import DueDateLabel
from hallapp.ui.register.texts import (
    DASH,
    applicant_kind_label,
    day_text,
    doc_type_label,
    material_status_label,
    payment_label,
    refusal_reason_label,
    sex_label,
    time_text,
    yuan,
)


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def compact(box: QGroupBox) -> None:
    """Never taller than its content: spare height goes to the timeline."""
    policy = box.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Maximum)
    box.setSizePolicy(policy)


class _FormBox(QGroupBox):
    """A titled form of read-only fields; a field with nothing to say is hidden."""

    def __init__(self, title: str, fields: list[tuple[str, str]]) -> None:
        super().__init__(title)
        compact(self)
        self.form = QFormLayout(self)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for key, text in fields:
            label = DueDateLabel() if key.endswith("_due") else _value_label()
            self.fields[key] = label
            self.form.addRow(text + "：", label)

    def put(self, key: str, text: str) -> None:
        self.fields[key].setText(text)
        self.form.setRowVisible(self.fields[key], bool(text))

    def text(self, key: str) -> str:
        return self.fields[key].text()


class CaseInfoBox(_FormBox):
    def __init__(self) -> None:
        super().__init__(
            "办件信息",
            [
                ("item", "事项"),
                ("department", "实施部门"),
                ("version", "目录版本"),
                ("password", "查询密码"),
                ("clerk", "受理人"),
                ("received", "收件时间"),
                ("accepted", "受理时间"),
                ("promised_due", "承诺办结"),
                ("legal_due", "法定期限"),
                ("closed", "办结时间"),
                ("green", "绿色通道"),
            ],
        )

    def show_detail(self, d: CaseDetail) -> None:
        self.put("item", d.item_name)
        self.put("department", d.department)
        self.put("version", f"第 {d.item_code_version} 版")
        self.put("password", d.query_password)
        self.put("clerk", d.clerk_name)
        self.put("received", time_text(d.received_at))
        self.put("accepted", time_text(d.accepted_at) if d.accepted_at else "")
        for key, due in (("promised_due", d.promised_due), ("legal_due", d.legal_due)):
            label = self.fields[key]
            assert isinstance(label, DueDateLabel)
            label.set_due(due)
            self.form.setRowVisible(label, due is not None)
        self.put("closed", time_text(d.closed_at) if d.closed_at else "")
        self.put("green", (d.green_reason or "是") if d.green_channel else "")


class ApplicantBox(_FormBox):
    def __init__(self) -> None:
        super().__init__(
            "申请人",
            [
                ("kind", "类型"),
                ("name", "姓名/名称"),
                ("document", "证件"),
                ("sex_birth", "性别/出生"),
                ("phone", "联系电话"),
                ("address", "地址"),
                ("legal_rep", "法定代表人"),
                ("proxy", "委托代理人"),
            ],
        )

    def show_detail(self, d: CaseDetail) -> None:
        self.put("kind", applicant_kind_label(d.applicant_kind))
        self.put("name", d.applicant_name)
        self.put("document", f"{doc_type_label(d.applicant_doc_type)}  {d.masked_doc}")
        sex = sex_label(d.applicant_sex)
        birth = day_text(d.applicant_birth_date) if d.applicant_birth_date else ""
        self.put("sex_birth", "，".join(p for p in (sex, birth) if p))
        self.put("phone", d.applicant_phone)
        self.put("address", d.applicant_address)
        self.put("legal_rep", d.legal_representative)
        proxy = f"{d.proxy_name}  {d.proxy_masked_doc}".strip() if d.proxy_name else ""
        self.put("proxy", proxy)


class RefusalBox(_FormBox):
    def __init__(self) -> None:
        super().__init__(
            "不予受理", [("reason", "理由"), ("text", "具体说明"), ("remedy", "救济途径")]
        )
        self.setStyleSheet(
            "QGroupBox{color:#a3160b; font-weight:bold;} QLabel{font-weight:normal; color:black;}"
        )

    def show_detail(self, d: CaseDetail) -> None:
        self.setVisible(bool(d.refusal_reason or d.refusal_text))
        self.put("reason", refusal_reason_label(d.refusal_reason))
        self.put("text", d.refusal_text)
        self.put("remedy", d.remedy_text)


_MAX_LINES = 10


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if text:
                item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    # Every line without an inner scroll bar (materials and fees are few), up to a limit.
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(min(table.rowCount(), _MAX_LINES)))
    table.setFixedHeight(height + 2)


class MaterialsBox(QGroupBox):
    NAME, STATUS, ORIGINAL, COPIES, PROBLEM = range(5)

    def __init__(self) -> None:
        super().__init__("申请材料")
        compact(self)
        self.table = read_only_table(["材料名称", "状态", "原件", "复印件", "补正说明"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.none = QLabel("没有登记材料")
        layout = QVBoxLayout(self)
        layout.addWidget(self.none)
        layout.addWidget(self.table)

    def show_detail(self, d: CaseDetail) -> None:
        self.none.setVisible(not d.materials)
        self.table.setVisible(bool(d.materials))
        rows = []
        for m in d.materials:
            name = m.name + ("（补充）" if m.extra else "") + ("" if m.required else "（选交）")
            copies = f"{m.copies_taken}/{m.copies_required} 份" if m.copies_required else ""
            original = "已核验" if m.original_seen else ""
            status = material_status_label(m.status)
            rows.append([name, status, original, copies, m.problem])
        fill_table(self.table, rows)
        for r, m in enumerate(d.materials):
            item = self.table.item(r, self.STATUS)
            if item is not None and m.status in (MaterialStatus.MISSING, MaterialStatus.DEFECTIVE):
                item.setForeground(QColor("#a3160b"))

    def rows(self) -> list[list[str]]:
        return [
            [_text(self.table.item(r, c)) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]


class FeesBox(QGroupBox):
    def __init__(self) -> None:
        super().__init__("收费（一票制）")
        compact(self)
        self.table = read_only_table(["收费项目", "金额", "减免"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.total = QLabel()
        self.total.setStyleSheet("font-weight:bold;")
        self.payment = QLabel()
        self.payment.setWordWrap(True)
        self.free = QLabel("本办件不收费")
        layout = QVBoxLayout(self)
        layout.addWidget(self.free)
        layout.addWidget(self.table)
        layout.addWidget(self.total)
        layout.addWidget(self.payment)

    def show_detail(self, d: CaseDetail) -> None:
        has_fees = bool(d.fees)
        self.free.setVisible(not has_fees)
        for widget in (self.table, self.total, self.payment):
            widget.setVisible(has_fees)
        rows = []
        for f in d.fees:
            waiver = ""
            if f.waived:
                waiver = "已减免：" + (f.waiver_reason or DASH)
                if f.waived_by:
                    waiver += f"（{f.waived_by} 批准）"
            rows.append([f.name, yuan(f.amount_fen), waiver])
        fill_table(self.table, rows)
        self.total.setText("合计应收：" + yuan(d.fee_total_fen))
        parts = [f"缴费方式：{payment_label(d.payment_method)}"]
        if d.receipt_number:
            parts.append(f"收据号：{d.receipt_number}")
        self.payment.setText("　".join(parts))


def section(widgets: list[QWidget]) -> QWidget:
    """Stack ``widgets`` top to bottom with the rest of the space left empty."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return holder
