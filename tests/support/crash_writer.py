"""A child process that takes in accepted cases as fast as it can, through the services the
app uses, and prints each case number once the service call has returned (so committed).

The crash-safety test kills it with SIGKILL at arbitrary moments; every number it printed
must then be in the database, complete.

    python -m tests.support.crash_writer DB_PATH DAY_OFFSET LIMIT
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from hallapp.app import open_database
from hallapp.config import Settings
from hallapp.core.identity import DocumentType
from hallapp.core.intake import (
    Applicant,
    ApplicantKind,
    Decision,
    FeeLine,
    IntakeForm,
    MaterialLine,
    MaterialStatus,
    PaymentMethod,
)
from hallapp.services import catalogue, intake
from hallapp.services.halls import actor_for

ITEM = "临时救助"
CLERK = "zhangmin"
FEE = FeeLine("工本费", 1000)
# Monday 2 March 2026; each run takes its cases in on a later day, so its numbers are new.
FIRST_DAY = datetime(2026, 3, 2, 9, 30)
APPLICANT = Applicant(
    ApplicantKind.PERSON,
    "张三",
    DocumentType.RESIDENT_ID,
    "11010519491231002X",
    "13800138000",
    "示例镇人民路2号",
)


def settings_for(db_path: Path) -> Settings:
    return Settings(
        db_path=db_path,
        backup_dir=db_path.parent / "backups",
        config_file=db_path.parent / "config.toml",
    )


def run(db_path: Path, day_offset: int, limit: int) -> None:
    ctx = open_database(settings_for(db_path))
    clerk = actor_for(ctx.read_uow(), CLERK)
    version_id = catalogue.search_items(ctx.read_uow(), ITEM)[0].version_id
    guide = catalogue.item_guide(ctx.read_uow(), version_id)
    materials = tuple(
        MaterialLine(
            m.name,
            m.form.value,
            m.copies,
            m.required,
            MaterialStatus.RECEIVED if m.required else MaterialStatus.NOT_APPLICABLE,
            original_seen=True,
            copies_taken=m.copies,
        )
        for m in guide.spec.materials
    )
    day = FIRST_DAY + timedelta(days=day_offset)
    out = sys.stdout
    for i in range(limit):
        form = IntakeForm(
            item_version_id=version_id,
            applicant=APPLICANT,
            materials=materials,
            fees=(FEE,),
            payment_method=PaymentMethod.CASH,
            idempotency_key=intake.new_form_key(),
        )
        result = intake.submit_intake(
            ctx.uow(), clerk, form, Decision.ACCEPT, now=day + timedelta(seconds=i)
        )
        out.write(f"{result.number}\n")
        out.flush()
    ctx.close()


if __name__ == "__main__":
    run(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
