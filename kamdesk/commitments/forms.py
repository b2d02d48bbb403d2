"""Forms of the commitment pages: they collect values; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.commitments.models import SourceKind
from kamdesk.customers.forms import KamForm
from kamdesk.customers.models import Contact

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitmentForm(KamForm):
    id_prefix = "commitment_"
    title = forms.CharField(label=_("What was promised"), max_length=200)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.ModelChoiceField(
        label=_("Promised to"), queryset=Contact.objects.none(), required=False, empty_label="—"
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    source_ref = forms.CharField(
        label=_("Source reference"),
        required=False,
        max_length=100,
        help_text=_("For example the date of the call or the proposal number."),
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]


class FromSourceForm(KamForm):
    """The one-click forms (from a request or a visit need): title and due date prefilled."""

    id_prefix = "commitment_"
    title = forms.CharField(label=_("What was promised"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class FulfilForm(KamForm):
    id_prefix = "fulfil_"
    evidence_note = forms.CharField(
        label=_("How the promise was kept"), widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_ticket = forms.CharField(label=_("Request number"), required=False, max_length=32)
    evidence_order = forms.CharField(label=_("Order number"), required=False, max_length=32)
    document = forms.FileField(label=_("Document"), required=False)


class RenegotiateForm(KamForm):
    id_prefix = "renegotiate_"
    new_due_on = forms.DateField(label=_("New due date"), widget=DATE)
    agreed_by = forms.CharField(label=_("Agreed by (customer side)"), max_length=100)
    agreement = forms.CharField(
        label=_("How the customer agreed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: by phone on 26 Nov, confirmed by e-mail."),
    )
    note = forms.CharField(label=_("Note"), required=False)


class CancelForm(KamForm):
    id_prefix = "cancel_"
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
