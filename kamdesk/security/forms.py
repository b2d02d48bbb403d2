from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.security.models import SignalStatus


class TotpCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Authenticator code"),
        regex=r"^\s*\d{3}\s*\d{3}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the 6 digits your authenticator shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SignalReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Conclusion"),
        choices=[c for c in SignalStatus.choices if c[0] != SignalStatus.OPEN],
    )
    conclusion = forms.CharField(
        label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
