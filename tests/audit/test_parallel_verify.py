"""A long chain is verified in ranges, one per process; the ranges are stitched so that
the answer is the one a single walk gives, also at the seams."""

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.audit.services import audit_record
from kamdesk.audit.verify import audit_verify_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(manager):
    for n in range(12):
        audit_record(actor=manager, action=f"bill.viewed.{n}")


def in_ranges():
    """Three ranges of four: 1–4, 5–8, 9–12 (in this process: the test database is in
    memory, but the splitting and stitching are the same)."""
    return audit_verify_report(workers=3, min_per_worker=1)


def test_it_verifies_in_ranges(chain):
    report = in_ranges()
    assert report.result.ok and report.checked == 12 and report.last_seq == 12


@pytest.mark.parametrize("seq", [4, 5, 9, 12])
def test_it_finds_an_altered_event_on_either_side_of_a_seam(chain, seq):
    AuditEvent.objects.filter(seq=seq).update(purpose="forged")
    assert in_ranges().result[:2] == (False, seq)


def test_it_finds_events_missing_at_the_end_of_a_range(chain):
    AuditEvent.objects.filter(seq__in=[7, 8]).delete()
    assert in_ranges().result == (False, 7, "events #7–#8 missing")


def test_it_finds_an_event_missing_at_the_start_of_a_range(chain):
    AuditEvent.objects.filter(seq=9).delete()
    assert in_ranges().result == (False, 9, "event #9 missing")
