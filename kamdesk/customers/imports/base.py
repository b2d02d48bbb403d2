"""The import engine shared by every entity: validate every row, then write them all.

An ``Importer`` subclass names its model, its key column and its columns; it adds the
lookups (``prepare``), the per-row links and cross-field checks (``link``), the checks
across rows (``check_file``) and, for many-to-many data, ``relation_changes`` and
``write_relations``. Validation never writes; ``write`` runs inside the caller's
transaction.

Absent and empty are different: a column missing from the header keeps the stored
value of an existing record (or the default of a new one); an empty cell in a present
column clears the value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from django.db import connection, models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.audit.services import audit_record
from kamdesk.customers.imports.cells import CellError, Parser, text
from kamdesk.customers.imports.readers import Row
from kamdesk.users.models import User

StrOrLazy = str | Promise  # messages built only for bad rows are gettext_lazy constants
NO_CUSTOMER = gettext_lazy("No customer with code %(code)s.")
NO_ACCOUNT = gettext_lazy("No billing account with code %(code)s.")
NO_PLAN = gettext_lazy("No plan with code %(code)s.")
CHUNK = 900  # below SQLite's historical limit of 999 parameters per statement
BATCH = 500


@dataclass(frozen=True)
class Column:
    """A column of the file. ``field`` is the model attribute it fills; None when the
    importer handles it itself (lookups, lists)."""

    name: str
    field: str | None = None
    parse: Parser = text(200)
    required: bool = False


@dataclass(frozen=True, order=True)
class Problem:
    """An error or a warning about one cell (``line`` 0: the file as a whole)."""

    line: int
    column: str
    message: str


@dataclass
class Item:
    """One valid row on its way to the database.

    ``stored`` holds the stored record's column values (``None`` for a new record);
    model instances are only built for the rows that are written (``instance``).
    """

    row: Row
    key: str
    stored: dict[str, Any] | None = None
    instance: Any = None
    values: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.stored is None

    def current(self, name: str, default: Any = None) -> Any:
        """The value the record will have: from the file, else stored, else ``default``."""
        if name in self.values:
            return self.values[name]
        if self.stored is not None:
            return self.stored[name]
        return default


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def ids_by_code(
    source: models.Manager[Any] | models.QuerySet[Any], codes: Iterable[str], *fields: str
) -> dict[str, Any]:
    """``{code: row}`` for the codes given, read in chunks; ``fields[0]`` is the code."""
    found: dict[str, Any] = {}
    wanted = sorted({c for c in codes if c})
    for batch in chunks(wanted):
        for values in source.filter(**{f"{fields[0]}__in": batch}).values_list(*fields):
            found[values[0]] = values[1] if len(values) == 2 else values[1:]
    return found


def update_rows(model: type[models.Model], rows: list[tuple[Any, list[str]]]) -> None:
    """UPDATE each object's listed columns (and ``updated_at``), one statement per set
    of columns run with ``executemany``.

    ``bulk_update`` builds a CASE expression per column and batch, which costs about
    4 ms a row here: a file moving 20,000 lines to a new plan would spend minutes on it.
    """
    groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for obj, changed in rows:
        if changed:
            groups[tuple(sorted(changed))].append(obj)
    now = timezone.now()
    meta, quote = model._meta, connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(str(cast(models.Field, meta.pk).column))
    for attnames, objs in groups.items():
        fields = [cast(models.Field, meta.get_field(n)) for n in (*attnames, "updated_at")]
        assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
        # Table and column names come from the model, never from the file.
        sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
        params = []
        for obj in objs:
            obj.updated_at = now
            values = [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            params.append([*values, obj.pk])
        with connection.cursor() as cursor:
            for batch in chunks(params, BATCH):
                cursor.executemany(sql, batch)


class Importer:
    entity: ClassVar[str]  # "customers": the command's word and the report's label
    action: ClassVar[str]  # "customer": the audit action is "customer.imported_update"
    model: ClassVar[type[models.Model]]
    key_column: ClassVar[str]
    key_field: ClassVar[str] = "code"
    columns: ClassVar[tuple[Column, ...]]

    def __init__(self, *, file_name: str, actor: User | None) -> None:
        self.file_name = file_name
        self.actor = actor
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.existing: dict[str, Any] = {}
        self._seen: set[Problem] = set()

    @classmethod
    def column_names(cls) -> list[str]:
        return [c.name for c in cls.columns]

    def error(self, row: Row | None, column: str, message: str) -> None:
        problem = Problem(row.line if row else 1, column, str(message))
        if problem not in self._seen:
            self._seen.add(problem)
            self.errors.append(problem)

    def warn(self, row: Row, column: str, message: str) -> None:
        self.warnings.append(Problem(row.line, column, str(message)))

    # Validation ---------------------------------------------------------------

    def validate(self, rows: list[Row]) -> list[Item]:
        keyed = self._keyed_rows(rows)
        self.existing = self.load_existing([key for key, _row in keyed])
        self.prepare([row for _key, row in keyed])
        items = []
        for key, row in keyed:
            before = len(self.errors)
            item = self.clean_row(row, key)
            if item is not None and len(self.errors) == before:
                items.append(item)
        if items:
            self.check_file(items)
        return items

    def _keyed_rows(self, rows: list[Row]) -> list[tuple[str, Row]]:
        first_line: dict[str, int] = {}
        keyed = []
        for row in rows:
            key = row.cells.get(self.key_column, "")
            if not key:
                self.error(row, self.key_column, _("This field is required."))
            elif len(key) > 32:
                self.error(row, self.key_column, _("At most %(n)s characters.") % {"n": 32})
            elif key in first_line:
                self.error(
                    row, self.key_column, _("Repeats line %(line)s.") % {"line": first_line[key]}
                )
            else:
                first_line[key] = row.line
                keyed.append((key, row))
        return keyed

    def load_existing(self, keys: list[str]) -> dict[str, Any]:
        """The stored rows of the file's keys, as ``{key: {attname: value}}``.

        Plain values rather than model instances: most rows of a re-import are unchanged,
        and building 20,000 instances to compare them costs more than the comparison.
        """
        names = [
            f.attname
            for f in self.model._meta.concrete_fields
            if f.attname not in ("created_at", "updated_at")
        ]
        found: dict[str, Any] = {}
        manager = self.model._default_manager
        for batch in chunks(keys):
            for stored in manager.filter(**{f"{self.key_field}__in": batch}).values(*names):
                found[stored[self.key_field]] = stored
        return found

    def prepare(self, rows: list[Row]) -> None:
        """Read in bulk what the rows refer to (customers, accounts, ...)."""

    def clean_row(self, row: Row, key: str) -> Item | None:
        item = Item(row=row, key=key, stored=self.existing.get(key))
        for column in self.columns:
            if column.name == self.key_column:
                continue
            if column.name not in row.cells:
                if column.required and item.is_new:
                    self.error(row, column.name, _("This field is required."))
                continue
            if column.field is None:
                if column.required and not row.cells[column.name]:
                    self.error(row, column.name, _("This field is required."))
                continue
            value = self.parse_cell(row, column)
            if value is not _INVALID:
                item.values[column.field] = value
        self.link(item)
        return item

    def parse_cell(self, row: Row, column: Column) -> Any:
        raw = row.cells.get(column.name, "")
        if column.required and not raw:
            self.error(row, column.name, _("This field is required."))
            return _INVALID
        try:
            return column.parse(raw)
        except CellError as exc:
            self.error(row, column.name, str(exc))
            return _INVALID

    def link(self, item: Item) -> None:
        """Resolve references and check one row's fields together."""

    def resolve(
        self, item: Item, column: str, table: dict[str, Any], field: str, message: StrOrLazy
    ) -> bool:
        """Turn the code in ``column`` into ``field`` through ``table`` (code → id).

        An empty optional cell clears the reference. Returns False on an unknown code.
        """
        if column not in item.row.cells:
            return True
        code = item.row.cells[column]
        if not code:
            item.values[field] = None
            return True
        if code not in table:
            self.error(item.row, column, str(message) % {"code": code})
            return False
        item.values[field] = table[code]
        return True

    def check_file(self, items: list[Item]) -> None:
        """Checks across rows (and against stored rows)."""

    # Writing ------------------------------------------------------------------

    def write(self, items: list[Item]) -> Counts:
        creates: list[Item] = []
        updates: list[Item] = []
        for item in items:
            if item.stored is None:
                item.instance = self.model(**{self.key_field: item.key}, **item.values)
                item.changed = self.field_names(item.values) + self.relation_changes(item)
                creates.append(item)
                continue
            attnames = [n for n, v in item.values.items() if item.stored[n] != v]
            item.changed = self.field_names(attnames) + self.relation_changes(item)
            if item.changed:
                item.instance = self.model(**(item.stored | item.values))
                item.extra["attnames"] = attnames
                updates.append(item)
        self.model._default_manager.bulk_create([i.instance for i in creates], batch_size=BATCH)
        self._bulk_update(updates)
        self.write_relations(creates + updates)
        self.audit(creates, updates)
        unchanged = len(items) - len(creates) - len(updates)
        return Counts(created=len(creates), updated=len(updates), unchanged=unchanged)

    def _bulk_update(self, updates: list[Item]) -> None:
        """Write the changed columns (a row changing only its members writes none)."""
        update_rows(self.model, [(item.instance, item.extra["attnames"]) for item in updates])

    def field_names(self, attnames: Iterable[str]) -> list[str]:
        """Model field names for the audit trail (``customer`` rather than ``customer_id``)."""
        return [self.model._meta.get_field(name).name for name in attnames]

    def relation_changes(self, item: Item) -> list[str]:
        """Names of many-to-many data that will change (members, covered products)."""
        return []

    def write_relations(self, items: list[Item]) -> None:
        """Write many-to-many data after the rows have their primary keys."""

    def customer_id_of(self, instance: Any) -> int | None:
        return getattr(instance, "customer_id", None)

    def audit(self, creates: list[Item], updates: list[Item]) -> None:
        """One event per updated row; one summary event per file for the created rows.

        An audit event costs about 2 ms here, so one per created row would double the
        time of a first load of 20,000 subscribers; updates are rarer and each one says
        which fields changed, so they keep their own event.
        """
        for item in updates:
            audit_record(
                actor=self.actor,
                action=f"{self.action}.imported_update",
                target=item.instance,
                customer_id=self.customer_id_of(item.instance),
                extra={
                    "changed": item.changed,
                    "source": "import",
                    "file": self.file_name,
                    "line": item.row.line,
                },
            )
        if creates:
            audit_record(
                actor=self.actor,
                action=f"{self.action}.imported_create",
                extra={
                    "created": len(creates),
                    "keys": [i.key for i in creates],
                    "source": "import",
                    "file": self.file_name,
                },
            )


class _Invalid:
    """Marks a cell that failed to parse (None is a valid value)."""


_INVALID = _Invalid()
