"""A proposal made from an optimisation carries its figures, and its PDF embeds a CJK
font and shows those same figures."""

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
import time_machine

from kamdesk.advisor.models import ProposalStatus
from kamdesk.advisor.pdf import proposal_pdf
from kamdesk.advisor.services import optimisation_run
from kamdesk.advisor.services_proposals import (
    proposal_edit,
    proposal_from_optimisation,
    proposal_link_order,
    proposal_set_status,
)
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.money import format_yuan
from kamdesk.orders.services.orders import order_create
from tests.advisor.factories import GB, MONTHS, TODAY, line, plan, usage
from tests.conftest import api_client_for, client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def optimisation(manager):
    old = plan("OLD0128", "128", minutes=500, gb=30)
    plan("P0058", "58", minutes=300, gb=10)
    plan("P0098", "98", minutes=600, gb=30)
    customer = CustomerFactory(manager=manager, name="南京测试科技有限公司")
    for n in range(3):
        subscriber = line(customer, old)
        for month in MONTHS:
            usage(subscriber, month, minutes=200 + 50 * n, mb=(5 + 10 * n) * GB)
    with time_machine.travel(dt.datetime(2026, 11, 28, 4, tzinfo=dt.UTC), tick=False):
        return optimisation_run(actor=manager, customer=customer, today=TODAY, months=6)


def _text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "proposal.pdf"
    path.write_bytes(pdf)
    # Poppler's own tools, as an operator would check the file.
    fonts = subprocess.run(  # noqa: S603
        ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
    )
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return fonts.stdout, text.stdout


def test_it_embeds_a_cjk_font_and_prints_the_optimisers_figures(manager, optimisation, tmp_path):
    proposal = proposal_from_optimisation(optimisation=optimisation, actor=manager)
    items = list(proposal.items.all())
    saving = sum(i.current_monthly - i.new_monthly for i in items)
    assert saving == optimisation.saving_month > 0
    changed = [line for line in optimisation.lines.all() if line.saving_month_fen > 0]
    assert sum(i.quantity for i in items) == len(changed)

    fonts, text = _text(proposal_pdf(proposal), tmp_path)

    font_rows = [row for row in fonts.splitlines() if "WenQuanYi" in row]
    assert font_rows and all(" yes " in row for row in font_rows)  # embedded (emb = yes)
    assert "通信资费优化方案" in text
    assert format_yuan(optimisation.saving_month) in text
    assert format_yuan(optimisation.saving_year) in text
    assert format_yuan(optimisation.revenue_change_year) in text  # e.g. -¥840.00
    for item in items:
        assert item.filing_number in text


def test_it_edits_a_draft_and_moves_the_status_on_to_the_order(manager, optimisation):
    proposal = proposal_from_optimisation(optimisation=optimisation, actor=manager)
    proposal_edit(proposal=proposal, actor=manager, data={"title": "资费优化建议（修订）"})
    proposal_set_status(proposal=proposal, actor=manager, status=ProposalStatus.SENT)
    with pytest.raises(ValidationFailed):
        proposal_edit(proposal=proposal, actor=manager, data={"title": "再改"})
    with pytest.raises(ValidationFailed) as exc:
        proposal_set_status(proposal=proposal, actor=manager, status=ProposalStatus.REJECTED)
    assert "note" in exc.value.errors
    proposal_set_status(proposal=proposal, actor=manager, status=ProposalStatus.ACCEPTED)
    order = order_create(actor=manager, customer=proposal.customer, note="套餐变更")
    elsewhere = order_create(actor=manager, customer=CustomerFactory(manager=manager))
    for wrong in ("ORD-NOSUCH", elsewhere.number):
        with pytest.raises(ValidationFailed) as exc:
            proposal_link_order(proposal=proposal, actor=manager, order_ref=wrong)
        assert "order_ref" in exc.value.errors
    proposal_link_order(proposal=proposal, actor=manager, order_ref=f" {order.number} ")

    proposal.refresh_from_db()
    assert (proposal.title, proposal.status, proposal.order_ref) == (
        "资费优化建议（修订）",
        "accepted",
        order.number,
    )
    assert proposal.sent_at is not None and proposal.decided_at is not None
    assert sum(i.saving_monthly for i in proposal.items.all()) == Decimal(optimisation.saving_month)


def test_it_links_the_order_on_the_page_and_through_the_api(manager, other_manager, optimisation):
    proposal = proposal_from_optimisation(optimisation=optimisation, actor=manager)
    order = order_create(actor=manager, customer=proposal.customer, note="套餐变更")
    api = api_client_for(manager)
    url = f"/api/v1/proposals/{proposal.pk}"
    api.post(f"{url}/status", {"status": "sent"}, content_type="application/json")
    refused = api.post(
        f"{url}/status",
        {"status": "accepted", "order_ref": "DD-NOSUCH"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "order_ref" in refused.content.decode()
    api.post(f"{url}/status", {"status": "accepted"}, content_type="application/json")

    linked = api.post(f"{url}/order", {"order_ref": order.number}, content_type="application/json")

    assert linked.status_code == 200 and linked.json()["order_ref"] == order.number
    page = client_for(manager).get(f"/advisor/proposals/{proposal.pk}/").content.decode()
    assert f'href="/orders/{order.pk}/"' in page
    other = api_client_for(other_manager)
    assert (
        other.post(
            f"{url}/order", {"order_ref": order.number}, content_type="application/json"
        ).status_code
        == 404
    )
