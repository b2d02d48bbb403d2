from __future__ import annotations

import datetime as dt

from kamdesk.customers.models import Account, Contract, Customer, ProductMember
from kamdesk.customers.selectors import CustomerFilters, customer_search
from kamdesk.users.models import User


def test_it_builds_group_hierarchies_with_city_branches(demo):
    branches = Customer.objects.filter(parent__isnull=False).select_related("parent")
    assert branches.exists()
    assert any(b.parent.parent_id for b in branches)  # a national group has three levels
    assert all(b.kind == "group" for b in branches)


def test_it_has_every_payment_relation_and_a_bill_contact(demo):
    relations = set(Account.objects.values_list("payment_relation", flat=True))
    assert relations == {"group", "member", "partial"}
    assert not Account.objects.filter(bill_contact__isnull=True).exists()
    partial = Account.objects.filter(payment_relation="partial")
    assert all(a.group_pay_limit and a.group_pay_limit > 0 for a in partial)


def test_it_has_contracts_to_renew_within_60_days_and_minimum_commitments(demo, frozen):
    today = dt.date(2026, 3, 16)
    contracts = Contract.objects.all()
    assert contracts.filter(
        expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=60)
    ).exists()
    assert contracts.filter(minimum_monthly__gt=0).exists()
    assert not contracts.filter(starts_on__gt=today).exists()


def test_it_gives_closed_user_group_members_distinct_short_numbers(demo):
    members = ProductMember.objects.filter(product__kind="vpmn")
    assert members.exists()
    pairs = list(members.values_list("product_id", "short_number"))
    assert len(set(pairs)) == len(pairs)


def test_it_gives_each_customer_a_manager_and_a_backup_of_the_same_team(demo):
    customers = Customer.objects.select_related("manager", "backup_manager")
    assert all(c.manager.role == "manager" for c in customers)
    backed = [c for c in customers if c.backup_manager]
    assert len(backed) > len(customers) / 2
    assert all(c.manager.team_id and c.backup_manager.team_id == c.manager.team_id for c in backed)


def test_it_finds_the_showcase_customer_by_its_pinyin_initials(demo):
    manager1 = User.objects.get(username="manager1")
    found = customer_search(user=manager1, filters=CustomerFilters(q="njxk"))
    assert "南京星科信息技术有限公司" in [c.name for c in found]
