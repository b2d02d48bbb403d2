"""``kam mail fetch`` reads a real IMAP mailbox (dovecot on loopback): a message from a
known contact opens a request on that account, a reply goes onto its request, and an
unknown sender's message is left for a person."""

from __future__ import annotations

from email.message import EmailMessage
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.customers.models import Interaction
from kamdesk.files.models import StoredFile
from kamdesk.tickets.models import EventKind, Ticket
from tests.tickets.imap_server import dovecot, dovecot_available

pytestmark = pytest.mark.skipif(
    not dovecot_available(),
    reason="Debian's dovecot-imapd is not installed (apt-get install dovecot-imapd)",
)


@pytest.fixture(scope="module")
def imap():
    with dovecot() as server:
        yield server


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def _message(sender: str, subject: str, body: str, message_id: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"钱主任 <{sender}>"
    message["To"] = "kam-intake@operator.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message.set_content(body)
    return bytes(message)


def _fetch(imap) -> str:
    out = StringIO()
    call_command(
        "mail",
        "fetch",
        host=imap.host,
        port=imap.port,
        user=imap.user,
        password=imap.password,
        ssl=False,
        stdout=out,
    )
    return out.getvalue().strip()


def test_it_turns_mail_into_requests_and_replies(
    imap, frozen, manager, customer, contact, private_storage
):
    first = EmailMessage()
    first["From"] = contact.email.upper()
    first["To"] = "kam-intake@operator.example"
    first["Subject"] = "发票抬头需要更正"
    first["Message-ID"] = "<m1@xingke.example.cn>"
    first.set_content("请把十月发票抬头改为南京星科信息技术有限公司。")
    first.add_attachment(
        b"%PDF-1.4 invoice", maintype="application", subtype="pdf", filename="invoice.pdf"
    )
    imap.append(bytes(first))
    imap.append(_message("nobody@elsewhere.example", "广告", "促销", "<spam@x>"))

    assert _fetch(imap) == "created=1 duplicate=0 reply=0 unknown=1"
    ticket = Ticket.objects.get()
    assert (ticket.customer, ticket.contact, ticket.channel) == (customer, contact, "email")
    assert ticket.title == "发票抬头需要更正" and ticket.owner == manager
    assert StoredFile.objects.get(owner_id=ticket.pk).name == "invoice.pdf"
    assert Interaction.objects.filter(customer=customer, channel="email").count() == 1

    reply = _message(
        contact.email,
        f"Re: [{ticket.number}] 发票抬头需要更正",
        "补充：税号见附件",
        "<m2@xingke.example.cn>",
    )
    imap.append(reply)
    assert _fetch(imap) == "created=0 duplicate=0 reply=1 unknown=0"
    assert ticket.events.filter(kind=EventKind.EMAIL_IN).count() == 1
    assert Interaction.objects.filter(customer=customer, channel="email").count() == 2
    assert manager.notifications.filter(kind="request.email").count() == 1

    # Read again (say, the same message delivered twice): nothing is made twice.
    imap.append(reply)
    assert _fetch(imap) == "created=0 duplicate=1 reply=0 unknown=0"
    assert _fetch(imap) == "created=0 duplicate=0 reply=0 unknown=0"
    assert Ticket.objects.count() == 1
