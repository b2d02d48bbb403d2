"""Add-on packages (叠加包) of the operator's catalogue, with the plans they go with.

``plan_codes`` lists the plans an add-on can be ordered with (``;``-separated); the list
is the whole set, like the members of a product: an empty cell removes every plan and an
absent column leaves them alone. Add-ons have no on-sale flag, so a new add-on is a
launch, announced as the admin announces one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kamdesk.customers.imports.base import Column, Counts, Importer, Item, chunks, ids_by_code
from kamdesk.customers.imports.cells import (
    CellError,
    id_list,
    id_list_or_empty,
    integer,
    money,
    text,
)
from kamdesk.customers.imports.readers import Row
from kamdesk.customers.launches import LaunchedTariff, tariffs_launch_announce
from kamdesk.customers.models import TariffAddon, TariffPlan

PLANS = "plan_codes"


class AddonImporter(Importer):
    entity = "addons"
    action = "addon"
    model = TariffAddon
    key_column = "addon_code"
    columns = (
        Column("addon_code"),
        Column("name", "name", text(100), required=True),
        Column("filing_number", "filing_number", text(40)),
        Column("monthly_fee", "monthly_fee", money(max_digits=10), required=True),
        Column("voice_minutes", "voice_minutes", integer()),
        Column("data_mb", "data_mb", integer()),
        Column(PLANS),
    )

    def prepare(self, rows: list[Row]) -> None:
        wanted = {code for r in rows for code, _short in id_list_or_empty(r.cells.get(PLANS, ""))}
        self.plans: dict[str, int] = ids_by_code(TariffPlan.objects, wanted, "code", "id")
        self.stored_plans: dict[int, set[int]] = {a["id"]: set() for a in self.existing.values()}
        through = TariffAddon.plans.through
        for batch in chunks(self.stored_plans):
            for addon_id, plan_id in through.objects.filter(tariffaddon_id__in=batch).values_list(
                "tariffaddon_id", "tariffplan_id"
            ):
                self.stored_plans[addon_id].add(plan_id)

    def link(self, item: Item) -> None:
        if PLANS in item.row.cells:
            item.extra["plans"] = self._plans(item.row)

    def _plans(self, row: Row) -> set[int]:
        try:
            # A plan code has no short number: "P1:2" is a code the catalogue lacks.
            codes = [
                code + (f":{rest}" if rest else "") for code, rest in id_list(row.cells[PLANS])
            ]
        except CellError as exc:
            self.error(row, PLANS, str(exc))
            return set()
        found: set[int] = set()
        for code in codes:
            if code not in self.plans:
                self.error(row, PLANS, _("No plan with code %(code)s.") % {"code": code})
            else:
                found.add(self.plans[code])
        return found

    def relation_changes(self, item: Item) -> list[str]:
        if "plans" not in item.extra:
            return []
        stored = set() if item.stored is None else self.stored_plans[item.stored["id"]]
        return ["plans"] if stored != item.extra["plans"] else []

    def write_relations(self, items: list[Item]) -> None:
        for item in items:
            if "plans" in item.changed:
                item.instance.plans.set(item.extra["plans"])

    def write(self, items: list[Item]) -> Counts:
        """Write the add-ons, then announce the new ones as launches (a re-import adds
        none, so it announces nothing)."""
        launched = [
            LaunchedTariff(
                kind="addon", code=item.key, name=item.current("name"), segment="", created=True
            )
            for item in items
            if item.is_new
        ]
        counts = super().write(items)
        tariffs_launch_announce(launches=launched, actor=self.actor, source="import")
        return counts
