"""Key accounts (客户): groups and individual VIPs.

Every row goes through ``customer_clean`` (the rules of the form and the API) and
``customer_apply`` (pinyin keys, identity hash and mask). A parent group may be a
row of the same file, before or after its children: such parents are resolved from
the file, rows are written parents first, and a loop in the hierarchy is an error.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kamdesk.customers.imports.base import (
    BATCH,
    Column,
    Counts,
    Importer,
    Item,
    chunks,
    update_rows,
)
from kamdesk.customers.imports.cells import integer, money
from kamdesk.customers.imports.readers import Row
from kamdesk.customers.models import Customer, CustomerKind
from kamdesk.customers.services import customer_apply, customer_as_raw
from kamdesk.customers.validation import customer_clean

_NAMES = (
    "customer_code",
    "kind",
    "parent_code",
    "name",
    "uscc",
    "id_type",
    "id_number",
    "grade",
    "industry",
    "region",
    "district",
    "address",
    "latitude",
    "longitude",
    "credit_tier",
    "manager",
    "backup_manager",
    "status",
)
# Value indicators come from BOSS's billing: imported, never entered in a form or the API.
# An absent column keeps the stored figure; an empty cell sets it to zero.
_ZERO = Decimal("0.00")
_VALUES = (
    Column("monthly_revenue", "monthly_revenue", money(max_digits=14, default=_ZERO)),
    Column("arpu", "arpu", money(max_digits=12, default=_ZERO)),
    Column("months_on_network", "months_on_network", integer(high=1200)),
)
# Fields customer_apply derives from others; written whenever a row is updated.
_DERIVED = ("name_pinyin", "name_initials", "id_number_hash", "id_number_masked")


class CustomerImporter(Importer):
    entity = "customers"
    action = "customer"
    model = Customer
    key_column = "customer_code"
    columns = (*(Column(name) for name in _NAMES), *_VALUES)

    def load_existing(self, keys: list[str]) -> dict[str, Any]:
        queryset = Customer.objects.select_related("parent", "grade", "manager", "backup_manager")
        found: dict[str, Any] = {}
        for batch in chunks(keys):
            found |= queryset.in_bulk(batch, field_name="code")
        return found

    def prepare(self, rows: list[Row]) -> None:
        self.kinds: dict[str, str] = {}
        for row in rows:
            code = row.cells[self.key_column]
            stored = self.existing.get(code)
            self.kinds[code] = row.cells.get("kind") or (stored.kind if stored else "")

    def clean_row(self, row: Row, key: str) -> Item | None:
        instance = self.existing.get(key)
        raw = customer_as_raw(instance) if instance else {}
        raw |= {name: value for name, value in row.cells.items() if name in _NAMES}
        raw["code"] = key
        parent_code = raw.get("parent_code", "")
        from_file = parent_code in self.kinds and parent_code != key
        if from_file:
            # customer_clean looks parents up in the database; this one is in the file.
            raw["parent_code"] = ""
        clean, errors = customer_clean(raw, instance=instance)
        for name, messages in errors.items():
            for message in messages:
                self.error(row, self.key_column if name == "code" else name, message)
        self._clean_values(row, clean)
        if from_file:
            self._check_file_parent(row, clean["kind"], parent_code)
        elif clean.get("parent") is not None:
            parent_code = clean["parent"].code
        return Item(
            row=row, key=key, instance=instance, values=clean, extra={"parent_code": parent_code}
        )

    def _clean_values(self, row: Row, clean: dict[str, Any]) -> None:
        """The value indicators present in the row, parsed into ``clean``."""
        for column in _VALUES:
            if column.name not in row.cells:
                continue
            before = len(self.errors)
            value = self.parse_cell(row, column)
            if len(self.errors) == before:
                clean[str(column.field)] = value

    def _check_file_parent(self, row: Row, kind: str, parent_code: str) -> None:
        if kind != CustomerKind.GROUP:
            self.error(row, "parent_code", _("Only group customers belong to a parent group."))
        elif self.kinds.get(parent_code) != CustomerKind.GROUP:
            self.error(
                row,
                "parent_code",
                _("No group customer with code %(code)s.") % {"code": parent_code},
            )

    def check_file(self, items: list[Item]) -> None:
        """Refuse loops in the hierarchy the file and the stored rows make together."""
        parent_of = dict(
            Customer.objects.filter(parent__isnull=False).values_list("code", "parent__code")
        )
        parent_of |= {item.key: item.extra["parent_code"] for item in items}
        for item in items:
            code, steps = parent_of.get(item.key), 0
            while code and steps <= len(parent_of):
                if code == item.key:
                    self.error(
                        item.row,
                        "parent_code",
                        _("This parent would make a loop in the group hierarchy."),
                    )
                    break
                code, steps = parent_of.get(code), steps + 1

    def write(self, items: list[Item]) -> Counts:
        by_code = {item.key: item for item in items}
        creates: list[Item] = []
        updates: list[Item] = []
        for level in _levels(by_code):
            level_creates, level_updates = self._apply_level(level, by_code)
            Customer.objects.bulk_create([i.instance for i in level_creates], batch_size=BATCH)
            self._update(level_updates)
            creates += level_creates
            updates += level_updates
        self.audit(creates, updates)
        unchanged = len(items) - len(creates) - len(updates)
        return Counts(created=len(creates), updated=len(updates), unchanged=unchanged)

    def _apply_level(self, level: list[Item], by_code: dict[str, Item]) -> tuple[list, list]:
        creates, updates = [], []
        for item in level:
            clean = dict(item.values)
            parent = by_code.get(item.extra["parent_code"])
            if parent is not None:
                clean["parent"] = parent.instance  # written at an earlier level
            if item.instance is None:
                # The grade is set first: reading an unset required relation raises.
                item.instance = Customer(code=item.key, grade=clean["grade"])
                item.changed = ["grade", *customer_apply(customer=item.instance, clean=clean)]
                creates.append(item)
            else:
                item.changed = customer_apply(customer=item.instance, clean=clean)
                if item.changed:
                    updates.append(item)
        return creates, updates

    def _update(self, updates: list[Item]) -> None:
        update_rows(Customer, [(item.instance, [*item.changed, *_DERIVED]) for item in updates])

    def customer_id_of(self, instance: Any) -> int | None:
        return instance.pk


def _levels(by_code: dict[str, Item]) -> list[list[Item]]:
    """Rows grouped by their depth below the file's own rows: parents come first."""
    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        if code not in depth:
            parent = by_code[code].extra["parent_code"]
            depth[code] = depth_of(parent) + 1 if parent in by_code else 0
        return depth[code]

    levels: dict[int, list[Item]] = defaultdict(list)
    for code, item in by_code.items():
        levels[depth_of(code)].append(item)
    return [levels[n] for n in sorted(levels)]
