from __future__ import annotations

from collections import defaultdict

from kamdesk.core.identifiers import clean_subscriber_number
from kamdesk.customers.demo.people import IOT_PREFIXES, MOBILE_PREFIXES
from kamdesk.customers.models import Contact, Subscriber


def test_it_gives_every_line_a_valid_china_mobile_number(demo):
    numbers = list(Subscriber.objects.values_list("number", flat=True))
    assert len(numbers) > 500
    assert all(clean_subscriber_number(n) == n for n in numbers)
    mobiles = [n for n in numbers if len(n) == 11]
    iot = [n for n in numbers if len(n) == 13]
    assert all(n[:3] in MOBILE_PREFIXES for n in mobiles)
    assert iot and all(n[:4] in IOT_PREFIXES for n in iot)
    assert all(clean_subscriber_number(p) for p in Contact.objects.values_list("phone", flat=True))


def test_it_never_gives_one_number_to_two_holders_at_once(demo):
    periods = defaultdict(list)
    for number, start, end in Subscriber.objects.values_list("number", "valid_from", "valid_to"):
        periods[number].append((start, end))
    for number, spans in periods.items():
        spans.sort()
        for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False):
            assert end is not None and end <= next_start, number


def test_it_recycles_a_few_numbers_from_an_earlier_holder(demo):
    recycled = 0
    for number in set(Subscriber.objects.values_list("number", flat=True)):
        rows = list(Subscriber.objects.filter(number=number).order_by("valid_from"))
        if len(rows) == 2:
            old, new = rows
            assert old.status == "cancelled" and old.valid_to == new.valid_from
            assert old.customer_id != new.customer_id
            recycled += 1
    assert recycled >= 2
