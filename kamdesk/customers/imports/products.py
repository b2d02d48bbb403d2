"""Group products (V网, dedicated lines, broadband, IoT pools, cloud) and their members.

``member_subscriber_ids`` lists the member lines: ``S001;S002:6601`` (subscriber ids
separated by ``;``, each with an optional ``:short number``). The list is the whole
membership: members missing from it are removed; an absent column leaves them alone.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from kamdesk.customers.imports.base import (
    NO_ACCOUNT,
    NO_CUSTOMER,
    Column,
    Importer,
    Item,
    chunks,
    ids_by_code,
)
from kamdesk.customers.imports.cells import (
    CellError,
    choice,
    id_list,
    id_list_or_empty,
    money,
    parse_date,
    text,
)
from kamdesk.customers.imports.readers import Row
from kamdesk.customers.models import (
    Account,
    Customer,
    Product,
    ProductKind,
    ProductMember,
    RecordStatus,
    Subscriber,
)

MEMBERS = "member_subscriber_ids"


class ProductImporter(Importer):
    entity = "products"
    action = "product"
    model = Product
    key_column = "product_id"
    key_field = "product_id"
    columns = (
        Column("product_id"),
        Column("customer_code", required=True),
        Column("account_code"),
        Column("kind", "kind", choice(ProductKind.values), required=True),
        Column("name", "name", text(200), required=True),
        Column("spec", "spec", text(200)),
        Column("monthly_fee", "monthly_fee", money(max_digits=12, default=Decimal("0.00"))),
        Column("status", "status", choice(RecordStatus.values, default=RecordStatus.ACTIVE)),
        Column("started_on", "started_on", parse_date),
        Column(MEMBERS),
    )

    def prepare(self, rows: list[Row]) -> None:
        def codes(column: str) -> list[str]:
            return [r.cells.get(column, "") for r in rows]

        self.customers = ids_by_code(Customer.objects, codes("customer_code"), "code", "id")
        accounts = ids_by_code(Account.objects, codes("account_code"), "code", "id", "customer_id")
        self.accounts = {code: pk for code, (pk, _owner) in accounts.items()}
        self.account_owner: dict[int, int] = dict(accounts.values())
        stored = {p["account_id"] for p in self.existing.values() if p["account_id"]}
        for batch in chunks(stored - set(self.account_owner)):
            self.account_owner |= dict(
                Account.objects.filter(id__in=batch).values_list("id", "customer_id")
            )
        member_ids = {sid for r in rows for sid, _ in id_list_or_empty(r.cells.get(MEMBERS, ""))}
        self.subscribers = ids_by_code(Subscriber.objects, member_ids, "subscriber_id", "id")
        self.stored_members: dict[int, dict[int, str]] = defaultdict(dict)
        for batch in chunks(p["id"] for p in self.existing.values()):
            for product_id, sid, short in ProductMember.objects.filter(
                product_id__in=batch
            ).values_list("product_id", "subscriber_id", "short_number"):
                self.stored_members[product_id][sid] = short

    def link(self, item: Item) -> None:
        ok = self.resolve(
            item,
            "customer_code",
            self.customers,
            "customer_id",
            NO_CUSTOMER,
        )
        ok = (
            self.resolve(
                item,
                "account_code",
                self.accounts,
                "account_id",
                NO_ACCOUNT,
            )
            and ok
        )
        account_id = item.current("account_id")
        if ok and account_id and self.account_owner.get(account_id) != item.current("customer_id"):
            self.error(item.row, "account_code", _("This account belongs to another customer."))
        if MEMBERS in item.row.cells:
            item.extra["members"] = self._members(item.row)

    def _members(self, row: Row) -> dict[int, str]:
        """``{subscriber pk: short number}`` from the cell; errors name the bad entry."""
        try:
            entries = id_list(row.cells[MEMBERS])
        except CellError as exc:
            self.error(row, MEMBERS, str(exc))
            return {}
        members: dict[int, str] = {}
        for sid, short in entries:
            pk = self.subscribers.get(sid)
            if pk is None:
                self.error(row, MEMBERS, _("No subscriber with id %(code)s.") % {"code": sid})
            elif pk in members:
                self.error(row, MEMBERS, _("Subscriber %(code)s is listed twice.") % {"code": sid})
            elif short and not (short.isdigit() and len(short) <= 8):
                self.error(row, MEMBERS, _("A short number has at most 8 digits."))
            else:
                members[pk] = short
        return members

    def relation_changes(self, item: Item) -> list[str]:
        if "members" not in item.extra:
            return []
        stored = {} if item.stored is None else self.stored_members.get(item.stored["id"], {})
        item.extra["stored_members"] = stored
        return ["members"] if stored != item.extra["members"] else []

    def write_relations(self, items: list[Item]) -> None:
        removed: dict[int, list[int]] = defaultdict(list)
        creates, updates = [], []
        for item in items:
            if "members" not in item.changed:
                continue
            wanted, stored = item.extra["members"], item.extra["stored_members"]
            removed[item.instance.pk] = [s for s in stored if s not in wanted]
            for sid, short in wanted.items():
                if sid not in stored:
                    creates.append(
                        ProductMember(product=item.instance, subscriber_id=sid, short_number=short)
                    )
                elif stored[sid] != short:
                    updates.append((item.instance.pk, sid, short))
        for product_id, subscriber_ids in removed.items():
            if subscriber_ids:
                ProductMember.objects.filter(
                    product_id=product_id, subscriber_id__in=subscriber_ids
                ).delete()
        for product_id, sid, short in updates:
            ProductMember.objects.filter(product_id=product_id, subscriber_id=sid).update(
                short_number=short
            )
        ProductMember.objects.bulk_create(creates, batch_size=500)
