"""The archive of a customer's visits over a period: a PDF dossier in Chinese (each
visit with its record, verification evidence, signature image and attachments listed)
and a zip of the attachments. Audited as an export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kamdesk.audit.services import audit_record
from kamdesk.audit.watermark import export_mark, watermark_pdf_page
from kamdesk.customers.models import Customer
from kamdesk.files.models import StoredFile
from kamdesk.users.models import User
from kamdesk.visits.models import Visit
from kamdesk.visits.services.record import current_signature, signature_matches

FONT = "WQYMicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@dataclass
class Archive:
    pdf: bytes
    attachments_zip: bytes
    visits: int
    files: int
    stem: str

    def bundle(self) -> bytes:
        """One zip with the dossier and the attachments zip, for the download button."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"{self.stem}.pdf", self.pdf)
            z.writestr(f"{self.stem}-attachments.zip", self.attachments_zip)
        return out.getvalue()


def _font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4
        ),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8, leading=11, textColor=colors.grey
        ),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text or "—")).replace("\n", "<br/>"), style)


def _when(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


def _evidence(visit: Visit) -> str:
    parts = []
    if visit.checked_in_at:
        where = (
            _("%(m)s m from the customer") % {"m": visit.checkin_distance_m}
            if visit.checkin_distance_m is not None
            else _("no location")
        )
        parts.append(
            _("Checked in %(at)s (%(where)s)") % {"at": _when(visit.checked_in_at), "where": where}
        )
    if visit.confirmed_at:
        parts.append(
            _("Confirmed by SMS code %(at)s from %(number)s")
            % {"at": _when(visit.confirmed_at), "number": visit.confirmed_by_masked}
        )
    for photo in visit.photos.all():
        parts.append(
            _("Photo stamped %(at)s by %(staff)s")
            % {"at": _when(photo.taken_at), "staff": photo.staff_id}
        )
    return "\n".join(parts) or _("No verification")


def _visit_flow(
    visit: Visit, files: list[StoredFile], st: dict[str, ParagraphStyle]
) -> list[object]:
    rows = [
        (_("Date and time"), f"{visit.planned_date:%Y-%m-%d} {_when(visit.started_at)}"),
        (_("Kind"), visit.get_kind_display()),
        (_("Status"), visit.get_status_display()),
        (_("Purpose"), visit.purpose),
        (_("Duration (minutes)"), visit.duration_minutes),
        (_("Place"), visit.place),
        (_("Our participants"), visit.staff_participants or str(visit.manager)),
        (_("Customer's participants"), visit.customer_participants),
        (_("What was discussed"), visit.discussion),
        (_("Next steps"), visit.next_steps),
        (_("Verification"), _evidence(visit)),
    ]
    for need in visit.needs.all():
        rows.append(
            (
                _("Raised need"),
                f"{need.description}\n→ {need.get_disposition_display()} {need.disposition_reason}",
            )
        )
    for item in visit.onsite_items.all():
        rows.append(
            (
                item.get_kind_display(),
                f"{item.description} ({item.requester_name}) → "
                f"{item.get_status_display()} {item.handoff_ref}",
            )
        )
    rows.append(
        (
            _("Attachments"),
            "\n".join(f"{f.name} ({f.size} B, SHA-256 {f.sha256[:16]}…)" for f in files) or "—",
        )
    )
    table = Table(
        [[_p(k, st["base"]), _p(v, st["base"])] for k, v in rows], colWidths=[35 * mm, 135 * mm]
    )
    table.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.3, colors.lightgrey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    flow: list[object] = [_p(_("Visit #%(id)s") % {"id": visit.pk}, st["h2"]), table]
    flow.extend(_signature_flow(visit, st))
    return flow


def _signature_flow(visit: Visit, st: dict[str, ParagraphStyle]) -> list[object]:
    signature = current_signature(visit)
    if signature is None:
        if visit.signature_declined_reason:
            return [
                _p(
                    _("The customer declined to sign: %(reason)s")
                    % {"reason": visit.signature_declined_reason},
                    st["base"],
                )
            ]
        return []
    matches = signature_matches(visit, signature)
    state = _("matches the record") if matches else _("NO LONGER MATCHES the record")
    return [
        Spacer(1, 2 * mm),
        Image(
            io.BytesIO(bytes(signature.image_png)),
            width=60 * mm,
            height=22 * mm,
            kind="proportional",
        ),
        _p(
            _("Signed by %(name)s (%(title)s) at %(at)s; SHA-256 %(digest)s; %(state)s")
            % {
                "name": signature.signer_name,
                "title": signature.signer_title or "—",
                "at": _when(signature.signed_at),
                "digest": signature.digest,
                "state": state,
            },
            st["small"],
        ),
    ]


def visits_archive(
    *, actor: User | None, customer: Customer, start: dt.date, end: dt.date
) -> Archive:
    """Build the dossier and the attachments zip of ``customer``'s visits in the period."""
    _font()
    st = _styles()
    visits = list(
        Visit.objects.filter(customer=customer, planned_date__gte=start, planned_date__lte=end)
        .select_related("manager", "customer")
        .prefetch_related("needs", "onsite_items", "photos", "signatures")
        .order_by("planned_date", "pk")
    )
    files = {
        v.pk: list(StoredFile.objects.filter(owner_kind="visit", owner_id=v.pk)) for v in visits
    }
    pdf = io.BytesIO()
    doc = SimpleDocTemplate(
        pdf,
        pagesize=A4,
        title=f"{customer.code} {start}–{end}",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    flow: list[object] = [
        _p(_("Visit dossier"), st["title"]),
        _p(f"{customer.name}（{customer.code}） {start:%Y-%m-%d} – {end:%Y-%m-%d}", st["base"]),
        _p(
            _("%(n)s visits; made %(at)s") % {"n": len(visits), "at": _when(timezone.now())},
            st["small"],
        ),
    ]
    for visit in visits:
        flow.extend(_visit_flow(visit, files[visit.pk], st))
    if actor is None:
        doc.build(flow)
    else:
        mark = export_mark(actor)

        def stamp(canvas: object, _doc: object) -> None:
            watermark_pdf_page(canvas, mark, font=FONT)

        doc.build(flow, onFirstPage=stamp, onLaterPages=stamp)
    stem = f"visits-{customer.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    attachments, count = _attachments_zip(files)
    audit_record(
        actor=actor,
        action="visit.archive_exported",
        target=customer,
        customer_id=customer.pk,
        extra={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "visits": len(visits),
            "files": count,
        },
    )
    return Archive(
        pdf=pdf.getvalue(), attachments_zip=attachments, visits=len(visits), files=count, stem=stem
    )


def _attachments_zip(files: dict[int, list[StoredFile]]) -> tuple[bytes, int]:
    out, count = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for visit_id, rows in files.items():
            for f in rows:
                with default_storage.open(f.path, "rb") as handle:
                    z.writestr(f"V{visit_id}/{str(f.pk)[:8]}-{f.name}", handle.read())
                count += 1
    return out.getvalue(), count
