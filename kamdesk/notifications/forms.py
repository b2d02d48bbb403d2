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
