from django import forms
from django.utils.translation import gettext_lazy as _


class RequireForm(forms.Form):
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "placeholder": _("e.g. new 5G plans on sale from 1 December"),
            }
        ),
    )
