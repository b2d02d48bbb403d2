"""The fast canonical form used to write and verify the chain is exactly the canonical
JSON of the event's fields, for any values, as the model or the database driver gives
them."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamdesk.audit.chain import canonical, canonical_row, chain_fields

pytestmark = pytest.mark.nodb

texts = st.text(max_size=20)
ids = st.none() | st.integers(min_value=1, max_value=2**62)
extras = st.dictionaries(
    st.text(max_size=8),
    st.none() | st.integers() | st.text(max_size=8) | st.lists(st.integers(), max_size=3),
    max_size=4,
)
times = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(dt.UTC)
)
ips = st.none() | st.sampled_from(["10.1.2.3", "2001:db8::1"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    seq=st.integers(min_value=1, max_value=2**62),
    at=times,
    actor=ids,
    name=texts,
    role=texts,
    action=texts,
    ttype=texts,
    tid=texts,
    customer=ids,
    purpose=texts,
    ip=ips,
    extra=extras,
    grant=ids,
)
def test_it_writes_the_same_text_as_canonical_json(
    seq, at, actor, name, role, action, ttype, tid, customer, purpose, ip, extra, grant
):
    row = (seq, at, actor, name, role, action, ttype, tid, customer, purpose, ip, extra, grant)
    expected = canonical(chain_fields(row))
    assert canonical_row(row) == expected
    # As SQLite gives it back: the time as naive UTC text, the details as JSON text.
    stored = (seq, str(at.replace(tzinfo=None)), *row[2:11], json.dumps(extra), grant)
    assert canonical_row(stored) == expected
