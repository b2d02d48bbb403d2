"""The optimiser on a customer's stored aggregates: the cheapest eligible, publicly filed
plan, the figures side by side, the contract lock, and nothing changed for the customer."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from kamdesk.advisor.models import Optimisation
from kamdesk.advisor.services import optimisation_run, subscriber_ids_of_numbers
from kamdesk.audit.models import AuditEvent
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.customers.models import Contract, Product
from tests.advisor.factories import GB, MONTHS, TODAY, line, plan, usage
from tests.conftest import client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db
NOON = dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def catalogue():
    return {
        "old": plan("OLD0128", "128", minutes=500, gb=30),
        "p38": plan("P0038", "38", minutes=100, gb=20),
        "p58": plan("P0058", "58", minutes=300, gb=10, carry_over=True),
        "deal": plan("DEAL0010", "10", minutes=1000, gb=100, filing=""),
        "iot": plan("IOT0005", "5", gb=100, segment="iot"),
    }


def _light_user(customer, tariff):
    subscriber = line(customer, tariff)
    for month in MONTHS:
        usage(subscriber, month, minutes=250, mb=8 * GB, total_fen=12800)
    return subscriber


@time_machine.travel(NOON, tick=False)
def test_it_recommends_the_cheapest_eligible_public_plan_with_both_sides_of_the_figures(
    manager, catalogue
):
    customer = CustomerFactory(manager=manager, kind="individual")
    subscriber = _light_user(customer, catalogue["old"])

    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=6)

    only = run.lines.get()
    # Hand-computed: P58 costs ¥58 (250 min and 8 GB fit); P38 costs ¥38 + 150 × ¥0.19 =
    # ¥66.50; the private ¥10 deal and the IoT plan may not be recommended.
    assert (only.subscriber, only.recommended_plan) == (subscriber, "P0058")
    assert only.filing_number == catalogue["p58"].filing_number
    assert (only.current_month, only.recommended_month) == (Decimal("128.00"), Decimal("58.00"))
    assert run.saving_month == Decimal("70.00")
    assert run.saving_year == Decimal("840.00")
    assert run.revenue_change_year == Decimal("-840.00")
    assert {r["plan"] for r in only.refused} == {"DEAL0010"}
    assert (run.first_month, run.last_month, run.effective_month) == (
        dt.date(2026, 5, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 1),
    )
    subscriber.refresh_from_db()
    assert subscriber.plan == catalogue["old"]  # the manager decides; nothing is changed
    assert AuditEvent.objects.filter(
        action="advice.optimisation_run", target_id=str(run.pk)
    ).exists()


@time_machine.travel(NOON, tick=False)
def test_it_keeps_a_locked_contract_at_its_plan_until_it_expires(manager, catalogue):
    customer = CustomerFactory(manager=manager)
    Contract.objects.create(
        code="HT1",
        customer=customer,
        title="年度协议",
        starts_on=dt.date(2026, 1, 1),
        term_months=24,
        expires_on=dt.date(2027, 12, 31),
        minimum_monthly=Decimal("5000"),
    )
    _light_user(customer, catalogue["old"])

    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=6)

    only = run.lines.get()
    assert only.recommended_plan == "OLD0128"
    assert only.locked_until == dt.date(2027, 12, 31)
    assert {(r["plan"], r["reason"]) for r in only.refused} >= {("P0058", "locked")}
    assert run.saving_month == 0


@time_machine.travel(NOON, tick=False)
def test_it_skips_subscribers_with_too_little_history_and_refuses_bad_input(manager, catalogue):
    customer = CustomerFactory(manager=manager)
    newcomer = line(customer, catalogue["old"])
    usage(newcomer, MONTHS[-1], minutes=10)

    run = optimisation_run(actor=manager, customer=customer, today=TODAY)

    assert run.subscribers == 0 and run.lines.count() == 0
    assert run.notes == [{"key": "skipped", "count": 1}] and "3" in run.note_texts[0]
    with pytest.raises(ValidationFailed) as exc:
        optimisation_run(actor=manager, customer=customer, today=TODAY, months=24)
    assert "months" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        optimisation_run(actor=manager, customer=customer, today=TODAY, subscriber_ids=[999999])
    assert "subscriber_ids" in exc.value.errors
    assert Optimisation.objects.count() == 1


@time_machine.travel(NOON, tick=False)
def test_it_suggests_a_shared_plan_for_the_few_cards_of_an_account(manager, catalogue):
    family = plan(
        "FAM0098", "98", minutes=600, gb=40, secondary_cards=2, secondary_fee=Decimal("10")
    )
    customer = CustomerFactory(manager=manager, kind="individual")
    main = _light_user(customer, catalogue["old"])
    second = line(customer, catalogue["old"], account=main.account)
    for month in MONTHS:
        usage(second, month, minutes=200, mb=15 * GB)

    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=6)

    shared = run.lines.get(kind="shared")
    # Pooled: 450 minutes and 23 GB fit the family plan: ¥98 + 1 secondary card × ¥10.
    assert shared.recommended_plan == family.code
    assert sorted(shared.cards) == sorted([main.pk, second.pk])
    assert shared.recommended_month == Decimal("108.00")
    separate = sum(x.recommended_month for x in run.lines.filter(kind="subscriber"))
    assert shared.recommended_month < separate


@time_machine.travel(NOON, tick=False)
def test_it_optimises_only_the_numbers_asked_for(manager, catalogue):
    customer = CustomerFactory(manager=manager)
    first, second, third = (_light_user(customer, catalogue["old"]) for _ in range(3))

    ids = subscriber_ids_of_numbers(
        customer=customer, today=TODAY, numbers=f"{first.number}，{third.number}\n{first.number}"
    )
    run = optimisation_run(actor=manager, customer=customer, today=TODAY, subscriber_ids=ids)

    assert {line.subscriber_id for line in run.lines.all()} == {first.pk, third.pk}
    assert second.pk not in ids and run.subscribers == 2
    elsewhere = line(CustomerFactory(manager=manager), catalogue["old"])
    for wrong in ("12345", elsewhere.number):
        with pytest.raises(ValidationFailed) as exc:
            subscriber_ids_of_numbers(customer=customer, today=TODAY, numbers=wrong)
        assert "numbers" in exc.value.errors


@time_machine.travel(NOON, tick=False)
def test_it_optimises_one_number_from_the_360_panel(manager, catalogue):
    customer = CustomerFactory(manager=manager)
    one, _other = _light_user(customer, catalogue["old"]), _light_user(customer, catalogue["old"])
    client = client_for(manager)

    answer = client.post(
        f"/advisor/customer/{customer.pk}/optimise/", {"months": "6", "numbers": one.number}
    )

    run = Optimisation.objects.get()
    assert answer["Location"] == f"/advisor/optimisations/{run.pk}/"
    assert [line.subscriber_id for line in run.lines.all()] == [one.pk]
    refused = client.post(
        f"/advisor/customer/{customer.pk}/optimise/", {"numbers": "13999999998"}, follow=True
    )
    assert Optimisation.objects.count() == 1
    text = refused.content.decode()
    assert mask_number("13999999998") in text and "13999999998" not in text  # masked


@time_machine.travel(NOON, tick=False)
def test_it_credits_a_broadband_bundle_with_the_broadband_paid_separately(manager, catalogue):
    bundle = plan("BB0148", "148", minutes=500, gb=30, broadband_mbps=300)
    customer = CustomerFactory(manager=manager, kind="individual")
    main = _light_user(customer, catalogue["old"])
    Product.objects.create(
        product_id="KD1",
        customer=customer,
        account=main.account,
        kind="broadband",
        name="家庭宽带",
        monthly_fee=Decimal("100"),
    )

    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=6)

    only = run.lines.get()
    # Now ¥128 + ¥100 broadband; P58 would cost ¥58 + ¥100 = ¥158; the bundle ¥148.
    assert only.recommended_plan == bundle.code
    assert (only.current_month, only.recommended_month) == (Decimal("228.00"), Decimal("148.00"))
    assert {a["plan"]: a["average_fen"] for a in only.alternatives}["P0058"] == 15800


@time_machine.travel(NOON, tick=False)
def test_it_does_not_replace_a_groups_enterprise_broadband(manager, catalogue):
    plan("BB0148", "148", minutes=500, gb=30, broadband_mbps=300)
    customer = CustomerFactory(manager=manager, kind="group")
    member = _light_user(customer, catalogue["old"])
    Product.objects.create(
        product_id="QK1",
        customer=customer,
        account=member.account,
        kind="broadband",
        name="企业宽带",
        monthly_fee=Decimal("1000"),
    )

    run = optimisation_run(actor=manager, customer=customer, today=TODAY, months=6)

    assert (run.lines.get().recommended_plan, run.current_month) == ("P0058", Decimal("128.00"))
