"""Run one import: read the file, validate every row, then write them all or nothing.

The whole file is validated first. If any row is bad, nothing is written and every bad
row is reported (line, column, reason). Otherwise all rows are written in one
transaction; rows equal to what is stored are not written and leave no audit event,
so importing the same file twice changes nothing. A dry run does the same work and
rolls it back, so its counts are exactly those a real run would report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from kamdesk.customers.imports.accounts import AccountImporter
from kamdesk.customers.imports.addons import AddonImporter
from kamdesk.customers.imports.base import Counts, Importer, Problem
from kamdesk.customers.imports.contracts import ContractImporter
from kamdesk.customers.imports.customers import CustomerImporter
from kamdesk.customers.imports.plans import PlanImporter
from kamdesk.customers.imports.products import ProductImporter
from kamdesk.customers.imports.readers import ReadError, Table, load_mapping, read_table
from kamdesk.customers.imports.subscribers import SubscriberImporter
from kamdesk.users.models import User

# In the order the files are imported: each refers only to those before it.
ENTITIES: dict[str, type[Importer]] = {
    cls.entity: cls
    for cls in (
        PlanImporter,
        AddonImporter,
        CustomerImporter,
        AccountImporter,
        SubscriberImporter,
        ProductImporter,
        ContractImporter,
    )
}


@dataclass
class ImportReport:
    entity: str
    file_name: str
    dry_run: bool = False
    counts: Counts = field(default_factory=Counts)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def run_import(
    *,
    entity: str,
    path: Path,
    actor: User | None = None,
    encoding: str | None = None,
    mapping_path: Path | None = None,
    dry_run: bool = False,
) -> ImportReport:
    importer = ENTITIES[entity](file_name=path.name, actor=actor)
    report = ImportReport(entity=entity, file_name=path.name, dry_run=dry_run)
    try:
        mapping = load_mapping(mapping_path) if mapping_path else None
        table = read_table(path, encoding=encoding, mapping=mapping)
    except ReadError as exc:
        report.errors.append(Problem(0, "", str(exc)))
        return report
    _check_header(table, importer, report)
    if report.errors:
        return report
    # Validation runs in the writing transaction, so nothing changes in between.
    with transaction.atomic():
        items = importer.validate(table.rows)
        if not importer.errors:
            report.counts = importer.write(items)
            if dry_run:
                transaction.set_rollback(True)
    order = {name: index for index, name in enumerate(importer.column_names())}
    report.errors = sorted(importer.errors, key=lambda p: (p.line, order.get(p.column, 99)))
    report.warnings += importer.warnings
    return report


def _check_header(table: Table, importer: Importer, report: ImportReport) -> None:
    if not table.columns:
        report.errors.append(Problem(0, "", _("The file is empty: it needs a header row.")))
        return
    for column in table.duplicates:
        report.errors.append(Problem(1, column, _("This column appears twice.")))
    if importer.key_column not in table.columns:
        report.errors.append(Problem(1, importer.key_column, _("This column is missing.")))
    known = set(importer.column_names())
    for column in table.columns:
        if column not in known:
            report.warnings.append(Problem(1, column, _("Unknown column, ignored.")))


def format_problem(problem: Problem) -> str:
    if not problem.line:
        return problem.message
    if not problem.column:
        return _("line %(line)s: %(message)s") % {"line": problem.line, "message": problem.message}
    return _("line %(line)s, column %(column)s: %(message)s") % {
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
    }


def format_counts(report: ImportReport) -> str:
    return _("%(entity)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
        "entity": report.entity,
        "created": report.counts.created,
        "updated": report.counts.updated,
        "unchanged": report.counts.unchanged,
    }
