"""Forms of the statements pages; choices are limited to the customer's own rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from kamdesk.statements.models import Channel, Document, Format, Layout, RecipientKind

DOC_FORMATS = [
    (Format.PDF, Format.PDF.label),
    (Format.XLSX, Format.XLSX.label),
    (Format.CSV, Format.CSV.label),
]


def parse_month(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        return None


class MonthField(forms.CharField):
    default_error_messages = {"invalid": _("Give the month as YYYY-MM.")}

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class _CustomerForm(forms.Form):
    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.customer = customer
        if "account" in self.fields:
            self.fields["account"].queryset = Account.objects.filter(customer=customer)  # type: ignore[attr-defined]
        if "subscriber" in self.fields:
            self.fields["subscriber"].queryset = Subscriber.objects.filter(customer=customer)  # type: ignore[attr-defined]
        if "contact" in self.fields:
            self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
                customer=customer, is_active=True
            )


class GenerateForm(_CustomerForm):
    document = forms.ChoiceField(label=_("Document"), choices=Document.choices)
    account = forms.ModelChoiceField(label=_("Billing account"), queryset=Account.objects.none())
    subscriber = forms.ModelChoiceField(
        label=_("Subscriber"), queryset=Subscriber.objects.none(), required=False
    )
    month = MonthField(label=_("Month (YYYY-MM)"))
    format = forms.ChoiceField(label=_("Format"), choices=DOC_FORMATS, initial=Format.PDF)


class PreferenceForm(_CustomerForm):
    document = forms.ChoiceField(label=_("Document"), choices=Document.choices)
    account = forms.ModelChoiceField(label=_("Billing account"), queryset=Account.objects.none())
    subscriber = forms.ModelChoiceField(
        label=_("Subscriber"), queryset=Subscriber.objects.none(), required=False
    )
    recipient_kind = forms.ChoiceField(label=_("Recipient"), choices=RecipientKind.choices)
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False
    )
    format = forms.ChoiceField(label=_("Format"), choices=DOC_FORMATS, initial=Format.PDF)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=14,
        required=False,
        help_text=_("Empty: the recipient's own mobile on file, which alone receives codes."),
    )
    day_of_month = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=28, initial=5
    )
    layout = forms.ChoiceField(
        label=_("Files of a whole account"),
        choices=[("", "—"), *Layout.choices],
        required=False,
        help_text=_("Itemised statements with no subscriber chosen: every entitled one's."),
    )


class AuthorisationForm(_CustomerForm):
    account = forms.ModelChoiceField(label=_("Billing account"), queryset=Account.objects.none())
    contact = forms.ModelChoiceField(label=_("Authorised contact"), queryset=Contact.objects.none())
    valid_from = forms.DateField(label=_("Valid from"))
    valid_to = forms.DateField(label=_("Valid to"))
    file = forms.FileField(label=_("Signed authorisation (PDF or image)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class JobForm(_CustomerForm):
    account = forms.ModelChoiceField(label=_("Billing account"), queryset=Account.objects.none())
    contact = forms.ModelChoiceField(label=_("Recipient contact"), queryset=Contact.objects.none())
    month = MonthField(label=_("Month (YYYY-MM)"))
    layout = forms.ChoiceField(label=_("Files"), choices=Layout.choices)
    file_format = forms.ChoiceField(label=_("Per-subscriber format"), choices=DOC_FORMATS)


class SendNowForm(forms.Form):
    month = MonthField(label=_("Month (YYYY-MM)"))


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Statement number"), max_length=24)
    code = forms.CharField(label=_("Verification code"), max_length=12)
