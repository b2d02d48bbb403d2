"""Forms of the visit pages. Services validate the business rules; forms parse types."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.forms import KamForm
from kamdesk.visits.models import NeedDisposition, OnSiteItemKind, VisitKind


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class VisitForm(KamForm):
    id_prefix = "visit_"
    customer = forms.IntegerField(label=_("Customer"), widget=forms.HiddenInput)
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput)
    planned_time = forms.TimeField(label=_("Planned time"), required=False, widget=TimeInput)
    planned_minutes = forms.IntegerField(label=_("Planned duration (minutes)"), initial=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    resolves_problem = forms.BooleanField(label=_("Resolves a specific problem"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanChangeForm(KamForm):
    id_prefix = "plan_"
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput)
    planned_time = forms.TimeField(label=_("Planned time"), required=False, widget=TimeInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class CancelForm(KamForm):
    id_prefix = "cancel_"
    reason = forms.CharField(
        label=_("Reason for dropping"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(KamForm):
    id_prefix = "checkin_"
    consent = forms.BooleanField(label=_("Record my location for this check-in"), required=False)
    latitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=12, decimal_places=8
    )
    longitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=12, decimal_places=8
    )
    accuracy = forms.FloatField(required=False, widget=forms.HiddenInput)


class RecordForm(KamForm):
    id_prefix = "record_"
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    started_at = forms.DateTimeField(
        label=_("Started at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    staff_participants = forms.CharField(
        label=_("Our participants"), max_length=300, required=False
    )
    customer_participants = forms.CharField(
        label=_("Customer's participants"), max_length=300, required=False
    )
    discussion = forms.CharField(
        label=_("What was discussed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolves_problem = forms.BooleanField(label=_("Resolves a specific problem"), required=False)
    signature_declined_reason = forms.CharField(
        label=_("Why the customer declined to sign"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedForm(KamForm):
    id_prefix = "need_"
    description = forms.CharField(
        label=_("What the customer raised"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DisposeForm(KamForm):
    id_prefix = "dispose_"
    disposition = forms.ChoiceField(
        label=_("Disposition"),
        choices=[
            (NeedDisposition.REQUEST, _("Open a request")),
            (NeedDisposition.NO_ACTION, _("No action")),
        ],
    )
    category = forms.IntegerField(label=_("Request category"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False)


class ItemForm(KamForm):
    id_prefix = "item_"
    kind = forms.ChoiceField(label=_("Kind"), choices=OnSiteItemKind.choices)
    description = forms.CharField(label=_("Description"))
    requester_name = forms.CharField(label=_("Requester"), required=False, max_length=100)
    requester_number = forms.CharField(label=_("Requester's number"), required=False, max_length=20)


class ResolveForm(KamForm):
    id_prefix = "resolve_"
    resolution = forms.CharField(label=_("Resolution"))


class SignForm(KamForm):
    id_prefix = "sign_"
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class CodeSendForm(KamForm):
    id_prefix = "codesend_"
    contact = forms.IntegerField(label=_("Contact"))


class CodeConfirmForm(KamForm):
    id_prefix = "code_"
    code = forms.CharField(label=_("Code the customer read out"), max_length=12)


class FileForm(KamForm):
    id_prefix = "file_"
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class ArchiveForm(KamForm):
    id_prefix = "archive_"
    customer = forms.IntegerField(label=_("Customer"))
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)
