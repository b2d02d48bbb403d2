"""The commitment pages: the 360 panel at the top, the detail page and its actions."""

import datetime as dt

from tests.commitments.conftest import TODAY, promise
from tests.conftest import client_for


def test_open_commitments_stand_at_the_top_of_the_360_page(frozen, manager, customer):
    promise(
        actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=3), title="开通5G室分"
    )
    kept = promise(actor=manager, customer=customer, due_on=TODAY, title="已完成的承诺")
    from kamdesk.commitments.services import commitment_fulfil

    commitment_fulfil(commitment=kept, actor=manager, evidence_note="完成")
    client = client_for(manager)

    page = client.get(f"/customers/{customer.pk}/").content.decode()
    panel = client.get(f"/commitments/customer/{customer.pk}/").content.decode()

    assert "panel-commitments-slot" in page
    # The top region comes before the tabs and the main region (where orders are).
    assert page.index("panel-commitments-slot") < page.index("panel-orders-slot")
    assert "开通5G室分" in panel and "已完成的承诺" not in panel


def test_the_detail_page_renegotiates_and_shows_history(frozen, manager, customer):
    c = promise(actor=manager, customer=customer, due_on=TODAY + dt.timedelta(days=1))
    client = client_for(manager)

    refused = client.post(f"/commitments/{c.pk}/renegotiate/", {"new_due_on": "2026-12-01"})
    done = client.post(
        f"/commitments/{c.pk}/renegotiate/",
        {"new_due_on": "2026-12-01", "agreed_by": "钱主任", "agreement": "电话确认"},
    )
    page = client.get(f"/commitments/{c.pk}/").content.decode()

    assert refused.status_code == 422
    assert done.status_code == 302
    assert "电话确认" in page and "钱主任" in page


def test_fulfil_with_a_document(frozen, manager, customer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kamdesk.files.models import StoredFile

    c = promise(actor=manager, customer=customer, due_on=TODAY)
    doc = SimpleUploadedFile(
        "方案.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n",
        content_type="application/pdf",
    )

    answer = client_for(manager).post(
        f"/commitments/{c.pk}/fulfil/", {"evidence_note": "方案已交付", "document": doc}
    )

    c.refresh_from_db()
    assert answer.status_code == 302
    assert c.status == "fulfilled"
    assert StoredFile.objects.filter(owner_kind="commitment", owner_id=c.pk).exists()


def test_rate_and_list_pages(frozen, manager, supervisor, customer):
    promise(actor=manager, customer=customer, due_on=TODAY)

    assert client_for(manager).get("/commitments/").status_code == 200
    assert (
        client_for(supervisor).get("/commitments/rate/?start=2026-11-01&end=2026-11-30").status_code
        == 200
    )


def test_fulfil_names_the_request_and_order_that_delivered_it(frozen, manager, customer):
    from kamdesk.orders.services.orders import order_create
    from tests.tickets.conftest import open_request

    c = promise(actor=manager, customer=customer, due_on=TODAY)
    ticket = open_request(actor=manager, customer=customer)
    order = order_create(actor=manager, customer=customer)
    client = client_for(manager)

    wrong = client.post(
        f"/commitments/{c.pk}/fulfil/", {"evidence_note": "已办理", "evidence_ticket": "R99999999"}
    )
    done = client.post(
        f"/commitments/{c.pk}/fulfil/",
        {
            "evidence_note": "已办理",
            "evidence_ticket": ticket.number,
            "evidence_order": order.number,
        },
    )

    c.refresh_from_db()
    assert wrong.status_code == 422
    assert done.status_code == 302
    assert (c.evidence_ticket, c.evidence_order) == (ticket, order)
