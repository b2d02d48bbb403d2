from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.audit.selectors import AuditFilters


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Actor (username or staff id)"), required=False, max_length=150)
    customer = forms.IntegerField(label=_("Customer id"), required=False, min_value=1)
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end is before the start."))
        return data

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters(customer_id=-1)  # matches nothing until the input is fixed
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].strip(),
            customer_id=data["customer"],
            action=data["action"].strip(),
            since=data["since"],
            until=data["until"],
        )
