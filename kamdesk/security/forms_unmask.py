from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.security.models import UnmaskMethod
from kamdesk.security.unmask_selectors import Recipient


class UnmaskRequestForm(forms.Form):
    method = forms.ChoiceField(label=_("Authorisation"), widget=forms.RadioSelect)
    recipient = forms.ChoiceField(
        label=_("Send the customer's code to"), required=False, choices=[]
    )
    reason = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        help_text=_("Why you need to see it; the customer or the approver reads this."),
    )

    def __init__(
        self, *args: Any, methods: tuple[str, ...], recipients: list[Recipient], **kw: Any
    ):
        super().__init__(*args, **kw)
        labels = dict(UnmaskMethod.choices)
        method = cast(forms.ChoiceField, self.fields["method"])
        method.choices = [(m, labels[m]) for m in methods]
        if len(methods) == 1:
            self.fields["method"].initial = methods[0]
        cast(forms.ChoiceField, self.fields["recipient"]).choices = [
            (r.key, f"{r.label} · {r.masked}") for r in recipients
        ]
        self.fields["recipient"].widget.attrs["class"] = "form-select form-select-sm"


class UnmaskCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code the customer received"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the 6 digits of the customer's code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "form-control form-control-sm",
            }
        ),
    )


class UnmaskDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Reason for your decision"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
