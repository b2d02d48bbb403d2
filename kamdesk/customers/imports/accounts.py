"""Billing accounts (账户) of customers: imported after the customers."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from kamdesk.customers.imports.base import NO_CUSTOMER, Column, Importer, Item, chunks, ids_by_code
from kamdesk.customers.imports.cells import choice, money, text
from kamdesk.customers.imports.readers import Row
from kamdesk.customers.models import (
    Account,
    BillingType,
    Contact,
    Customer,
    PaymentRelation,
    RecordStatus,
)


class AccountImporter(Importer):
    entity = "accounts"
    action = "account"
    model = Account
    key_column = "account_code"
    columns = (
        Column("account_code"),
        Column("customer_code", required=True),
        Column("name", "name", text(200), required=True),
        Column(
            "payment_relation", "payment_relation", choice(PaymentRelation.values), required=True
        ),
        Column("group_pay_limit", "group_pay_limit", money(max_digits=12)),
        Column(
            "billing_type", "billing_type", choice(BillingType.values, default=BillingType.POSTPAID)
        ),
        Column("bill_contact_name"),
        Column("status", "status", choice(RecordStatus.values, default=RecordStatus.ACTIVE)),
    )

    def prepare(self, rows: list[Row]) -> None:
        self.customers = ids_by_code(
            Customer.objects, (r.cells.get("customer_code", "") for r in rows), "code", "id"
        )
        self.contacts: dict[tuple[int, str], list[int]] = defaultdict(list)
        names = {r.cells.get("bill_contact_name", "") for r in rows} - {""}
        for batch in chunks(names):
            for pk, customer_id, name in Contact.objects.filter(
                name__in=batch, customer_id__in=self.customers.values(), is_active=True
            ).values_list("id", "customer_id", "name"):
                self.contacts[(customer_id, name)].append(pk)

    def link(self, item: Item) -> None:
        if not self.resolve(
            item,
            "customer_code",
            self.customers,
            "customer_id",
            NO_CUSTOMER,
        ):
            return
        relation = item.current("payment_relation")
        if relation == PaymentRelation.PARTIAL and item.current("group_pay_limit") is None:
            self.error(
                item.row,
                "group_pay_limit",
                _("An account paid by the group up to a limit needs the limit."),
            )
        self._bill_contact(item)

    def _bill_contact(self, item: Item) -> None:
        """Bills go to a contact known by name; contacts are kept in KAM Desk, not in
        BOSS, so a name we do not know is a warning and the stored contact stays."""
        row = item.row
        if "bill_contact_name" not in row.cells:
            return
        name = row.cells["bill_contact_name"]
        if not name:
            item.values["bill_contact_id"] = None
            return
        found = self.contacts.get((item.current("customer_id"), name), [])
        if len(found) == 1:
            item.values["bill_contact_id"] = found[0]
        elif not found:
            self.warn(
                row,
                "bill_contact_name",
                _("No contact of this customer is named %(name)s; left as it was.")
                % {"name": name},
            )
        else:
            self.warn(
                row,
                "bill_contact_name",
                _("Several contacts of this customer are named %(name)s; left as it was.")
                % {"name": name},
            )
