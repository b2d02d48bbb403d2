from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.forms import KamForm

KINDS = [
    ("request.assigned", _("A request is assigned to me")),
    ("step.opened", _("A step is handed to my department")),
    ("step.handed_back", _("A step is handed back")),
    ("sla.warning", _("SLA warnings")),
    ("sla.breach", _("SLA breaches")),
    ("sla.escalation", _("Escalations")),
    ("sla.response", _("Response targets missed")),
    ("handover.received", _("Customers handed over to me")),
]


class PreferenceForm(KamForm):
    id_prefix = "pref_"
    email_enabled = forms.BooleanField(label=_("Send me e-mails"), required=False)
    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not e-mail me about"),
        required=False,
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    digest_enabled = forms.BooleanField(label=_("Send me a daily digest e-mail"), required=False)
    digest_time = forms.TimeField(
        label=_("Digest time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("digest_enabled") and data.get("digest_time") is None:
            self.add_error("digest_time", _("Choose the time of the daily digest."))
        return data


class SnoozeForm(forms.Form):
    """Snooze for a number of hours (the inbox's buttons) or until a chosen moment."""

    hours = forms.IntegerField(label=_("Hours"), required=False, min_value=1, max_value=24 * 30)
    until = forms.DateTimeField(
        label=_("Until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("hours") is None and data.get("until") is None:
            raise forms.ValidationError(_("Choose how long to snooze."))
        return data
