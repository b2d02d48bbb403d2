"""Data shared by the page tests: one group with a member company, lines and a contact."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import (
    AccountFactory,
    ContactFactory,
    CustomerFactory,
    InteractionFactory,
    SubscriberFactory,
    make_resident_id,
)

FULL_NUMBER = "13951234567"


@pytest.fixture
def group(manager):
    return CustomerFactory(
        manager=manager,
        name="中国移动测试集团",
        industry="制造",
        region="南京市",
        district="玄武区",
    )


@pytest.fixture
def member_company(group, manager):
    return CustomerFactory(manager=manager, name="中国移动测试集团南京分公司", parent=group)


@pytest.fixture
def vip(manager):
    from kamdesk.core.masking import mask_id

    number = make_resident_id(7)
    return CustomerFactory(
        manager=manager,
        kind="individual",
        name="王金卡",
        uscc="",
        id_type="resident_id",
        id_number=number,
        id_number_masked=mask_id(number),
    )


@pytest.fixture
def line(group):
    account = AccountFactory(customer=group, name="测试集团统付账户")
    return SubscriberFactory(
        customer=group,
        account=account,
        number=FULL_NUMBER,
        holder_name="测试集团",
        user_name="赵六",
        valid_from=dt.date(2021, 3, 1),
    )


@pytest.fixture
def contact(group):
    return ContactFactory(customer=group, name="钱主任", phone="13700001111")


@pytest.fixture
def interaction(group, contact):
    return InteractionFactory(customer=group, contact=contact, summary="电话沟通专线扩容需求")
