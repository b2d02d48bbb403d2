"""Contracts with key accounts: term, expiry, minimum monthly commitment (保底).

``product_ids`` lists the group products the contract covers (``;``-separated); the
list is the whole set. ``expires_on`` may be left empty: it is then the day before
``starts_on`` plus ``term_months`` (a 12-month contract from 2025-01-01 ends on
2025-12-31).
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from kamdesk.customers.imports.base import NO_CUSTOMER, Column, Importer, Item, chunks, ids_by_code
from kamdesk.customers.imports.cells import (
    CellError,
    id_list,
    id_list_or_empty,
    integer,
    money,
    parse_date,
    text,
)
from kamdesk.customers.imports.readers import Row
from kamdesk.customers.models import Contract, Customer, Product

PRODUCTS = "product_ids"


def contract_end(starts_on: dt.date, term_months: int) -> dt.date:
    """The last day covered by a contract of ``term_months`` starting on ``starts_on``."""
    month_index = starts_on.month - 1 + term_months
    year, month = starts_on.year + month_index // 12, month_index % 12 + 1
    day = min(starts_on.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) - dt.timedelta(days=1)


class ContractImporter(Importer):
    entity = "contracts"
    action = "contract"
    model = Contract
    key_column = "contract_code"
    columns = (
        Column("contract_code"),
        Column("customer_code", required=True),
        Column("title", "title", text(200), required=True),
        Column("starts_on", "starts_on", parse_date, required=True),
        Column("term_months", "term_months", integer(low=1, high=600, default=None), required=True),
        Column("expires_on", "expires_on", parse_date),
        Column("minimum_monthly", "minimum_monthly", money(max_digits=12, default=Decimal("0.00"))),
        Column("tender_ref", "tender_ref", text(64)),
        Column(PRODUCTS),
    )

    def prepare(self, rows: list[Row]) -> None:
        self.customers = ids_by_code(
            Customer.objects, (r.cells.get("customer_code", "") for r in rows), "code", "id"
        )
        wanted = {pid for r in rows for pid, _short in id_list_or_empty(r.cells.get(PRODUCTS, ""))}
        self.products: dict[str, tuple[int, int]] = ids_by_code(
            Product.objects, wanted, "product_id", "id", "customer_id"
        )
        self.stored_products: dict[int, set[int]] = {c["id"]: set() for c in self.existing.values()}
        through = Contract.products.through
        for batch in chunks(self.stored_products):
            for contract_id, product_id in through.objects.filter(
                contract_id__in=batch
            ).values_list("contract_id", "product_id"):
                self.stored_products[contract_id].add(product_id)

    def link(self, item: Item) -> None:
        if not self.resolve(
            item,
            "customer_code",
            self.customers,
            "customer_id",
            NO_CUSTOMER,
        ):
            return
        starts_on, term = item.current("starts_on"), item.current("term_months")
        if not item.row.cells.get("expires_on") and starts_on and term:
            item.values["expires_on"] = contract_end(starts_on, term)
        expires_on = item.current("expires_on")
        if starts_on and expires_on and expires_on < starts_on:
            self.error(item.row, "expires_on", _("Cannot be before starts_on."))
        if PRODUCTS in item.row.cells:
            item.extra["products"] = self._products(item)

    def _products(self, item: Item) -> set[int]:
        row = item.row
        try:
            entries = id_list(row.cells[PRODUCTS])
        except CellError as exc:
            self.error(row, PRODUCTS, str(exc))
            return set()
        found: set[int] = set()
        for pid, _short in entries:
            pk, owner = self.products.get(pid, (None, None))
            if pk is None:
                self.error(row, PRODUCTS, _("No product with id %(code)s.") % {"code": pid})
            elif owner != item.current("customer_id"):
                self.error(
                    row,
                    PRODUCTS,
                    _("Product %(code)s belongs to another customer.") % {"code": pid},
                )
            else:
                found.add(pk)
        return found

    def relation_changes(self, item: Item) -> list[str]:
        if "products" not in item.extra:
            return []
        stored = set() if item.stored is None else self.stored_products[item.stored["id"]]
        return ["products"] if stored != item.extra["products"] else []

    def write_relations(self, items: list[Item]) -> None:
        for item in items:
            if "products" in item.changed:
                item.instance.products.set(item.extra["products"])
