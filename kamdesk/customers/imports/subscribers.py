"""Subscribers (用户): one number held by one party for a period.

Numbers are recycled and ported, so one number may appear on several rows, but the
validity periods of one number must not overlap: a day has one holder. Periods are
half-open, ``valid_from <= day < valid_to`` (open-ended without ``valid_to``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from django.utils.translation import gettext as _

from kamdesk.core.identifiers import IdentifierError, clean_subscriber_number
from kamdesk.customers.imports.base import (
    NO_ACCOUNT,
    NO_CUSTOMER,
    NO_PLAN,
    Column,
    Importer,
    Item,
    chunks,
    ids_by_code,
)
from kamdesk.customers.imports.cells import CellError, choice, parse_date, text
from kamdesk.customers.imports.readers import Row
from kamdesk.customers.models import Account, Customer, Subscriber, SubscriberStatus, TariffPlan


def parse_number(value: str) -> str:
    try:
        return clean_subscriber_number(value)
    except IdentifierError as exc:
        raise CellError(
            _("A subscriber number has 11 digits (mobile) or 13 digits (IoT).")
        ) from exc


class Period(NamedTuple):
    start: dt.date
    end: dt.date | None
    subscriber_id: str
    line: int  # 0: stored, not in the file

    def ends_after(self, day: dt.date) -> bool:
        return self.end is None or self.end > day


class SubscriberImporter(Importer):
    entity = "subscribers"
    action = "subscriber"
    model = Subscriber
    key_column = "subscriber_id"
    key_field = "subscriber_id"
    columns = (
        Column("subscriber_id"),
        Column("number", "number", parse_number, required=True),
        Column("valid_from", "valid_from", parse_date, required=True),
        Column("valid_to", "valid_to", parse_date),
        Column("customer_code", required=True),
        Column("account_code", required=True),
        Column("plan_code"),
        Column("status", "status", choice(SubscriberStatus.values, default="active")),
        Column("activated_on", "activated_on", parse_date),
        Column("holder_name", "holder_name", text(100)),
        Column("user_name", "user_name", text(100)),
    )

    def prepare(self, rows: list[Row]) -> None:
        def codes(column: str) -> list[str]:
            return [r.cells.get(column, "") for r in rows]

        self.customers = ids_by_code(Customer.objects, codes("customer_code"), "code", "id")
        accounts = ids_by_code(Account.objects, codes("account_code"), "code", "id", "customer_id")
        self.accounts = {code: pk for code, (pk, _owner) in accounts.items()}
        self.account_owner: dict[int, int] = dict(accounts.values())
        # A row may change the customer and keep its stored account: know that owner too.
        stored = {s["account_id"] for s in self.existing.values()} - set(self.account_owner)
        for batch in chunks(stored):
            self.account_owner |= dict(
                Account.objects.filter(id__in=batch).values_list("id", "customer_id")
            )
        self.plans = ids_by_code(TariffPlan.objects, codes("plan_code"), "code", "id")

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
        self.resolve(item, "plan_code", self.plans, "plan_id", NO_PLAN)
        account_id = item.current("account_id")
        if ok and self.account_owner.get(account_id) != item.current("customer_id"):
            self.error(item.row, "account_code", _("This account belongs to another customer."))
        valid_from, valid_to = item.current("valid_from"), item.current("valid_to")
        if valid_from and valid_to and valid_to <= valid_from:
            self.error(item.row, "valid_to", _("Must be after valid_from."))

    def check_file(self, items: list[Item]) -> None:
        """A number has one holder a day: check the file's periods with the stored ones."""
        periods: dict[str, list[Period]] = defaultdict(list)
        for item in items:
            periods[item.current("number")].append(
                Period(
                    item.current("valid_from"), item.current("valid_to"), item.key, item.row.line
                )
            )
        in_file = {item.key for item in items}
        for batch in chunks(periods):
            for sid, number, start, end in Subscriber.objects.filter(number__in=batch).values_list(
                "subscriber_id", "number", "valid_from", "valid_to"
            ):
                # A subscriber in the file is checked with its new period, not its old one.
                if sid not in in_file:
                    periods[number].append(Period(start, end, sid, 0))
        lines = {item.row.line: item.row for item in items}
        for number_periods in periods.values():
            for first, second in _overlaps(number_periods):
                self._report_overlap(lines, first, second)

    def _report_overlap(self, lines: dict[int, Row], first: Period, second: Period) -> None:
        for this, other in ((first, second), (second, first)):
            if not this.line:
                continue
            where = _("line %(line)s") % {"line": other.line} if other.line else _("already stored")
            self.error(
                lines[this.line],
                "valid_from",
                _("The period overlaps subscriber %(id)s of the same number (%(where)s).")
                % {"id": other.subscriber_id, "where": where},
            )


def _overlaps(periods: list[Period]) -> list[tuple[Period, Period]]:
    """Pairs of overlapping periods, each later period paired with the one reaching
    furthest before it (enough to name every period that overlaps another)."""
    found = []
    reaching: Period | None = None
    for period in sorted(periods, key=lambda p: (p.start, p.line)):
        if reaching is not None and reaching.ends_after(period.start):
            found.append((reaching, period))
        if reaching is None or (
            reaching.end is not None and (period.end is None or period.end > reaching.end)
        ):
            reaching = period
    return found
