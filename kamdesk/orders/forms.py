"""Forms of the order pages: they collect values; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.forms import KamForm
from kamdesk.customers.models import IdType, TariffAddon, TariffPlan
from kamdesk.orders.models import ItemKind, NumberSource, Ownership


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class OrderForm(KamForm):
    id_prefix = "order_"
    account: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Billing account for new lines"), queryset=None, required=False, empty_label="—"
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]


class FromVisitForm(KamForm):
    id_prefix = "visit_"
    items: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("On-site items to hand to the order"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, onsite_items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = onsite_items  # type: ignore[attr-defined]
        self.fields["items"].widget.attrs["class"] = "form-check-input"


class ItemForm(KamForm):
    id_prefix = "item_"
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(ItemKind.choices))
    onsite_item: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("On-site item"), queryset=None, required=False, empty_label="—"
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=200)
    unit_price = forms.DecimalField(
        label=_("Price (yuan)"), required=False, max_digits=12, decimal_places=2
    )
    quantity = forms.IntegerField(label=_("Quantity"), initial=1, min_value=1, max_value=999)
    subscriber: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Line"), queryset=None, required=False, empty_label="—"
    )
    number = forms.CharField(
        label=_("New number"),
        required=False,
        max_length=16,
        # The numbers BOSS's pool offers are listed here once asked for ("Ask BOSS").
        widget=forms.TextInput(attrs={"list": "pool-numbers", "autocomplete": "off"}),
    )
    number_source = forms.ChoiceField(
        label=_("Number source"), choices=_blank(NumberSource.choices), required=False
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=TariffPlan.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    addon = forms.ModelChoiceField(
        label=_("Value-added service"),
        queryset=TariffAddon.objects.all(),
        required=False,
        empty_label="—",
    )
    ownership = forms.ChoiceField(
        label=_("Ownership"), choices=_blank(Ownership.choices), required=False
    )
    holder_name = forms.CharField(label=_("Registered holder"), required=False, max_length=100)
    holder_id_type = forms.ChoiceField(
        label=_("Holder's document type"), choices=_blank(IdType.choices), required=False
    )
    holder_id_number = forms.CharField(
        label=_("Holder's document number"), required=False, max_length=32
    )
    company_name = forms.CharField(label=_("Company"), required=False, max_length=200)
    handler_name = forms.CharField(label=_("Handled by (经办人)"), required=False, max_length=100)
    handler_id_type = forms.ChoiceField(
        label=_("Handler's document type"), choices=_blank(IdType.choices), required=False
    )
    handler_id_number = forms.CharField(
        label=_("Handler's document number"), required=False, max_length=32
    )
    user_name = forms.CharField(label=_("Actual user (实际使用人)"), required=False, max_length=100)
    handset_model = forms.CharField(label=_("Handset model"), required=False, max_length=100)
    imei = forms.CharField(label=_("IMEI"), required=False, max_length=20)
    sim_serial = forms.CharField(label=_("New SIM serial (ICCID)"), required=False, max_length=24)
    bill_months = forms.CharField(
        label=_("Months paid"),
        required=False,
        max_length=100,
        help_text=_("YYYY-MM, separated by commas."),
    )

    def __init__(self, *args: Any, subscribers: Any, onsite_items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subscriber"].queryset = subscribers  # type: ignore[attr-defined]
        self.fields["onsite_item"].queryset = onsite_items  # type: ignore[attr-defined]


class DiscountForm(KamForm):
    id_prefix = "discount_"
    discount = forms.DecimalField(
        label=_("Discount (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)


class SignForm(KamForm):
    id_prefix = "sign_"
    signed_by = forms.CharField(label=_("Signed by"), max_length=100)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class ApproveForm(KamForm):
    id_prefix = "approve_"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("send_back", _("Send back"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class CodeForm(KamForm):
    id_prefix = "code_"
    code = forms.CharField(label=_("Code the customer read out"), max_length=6)


class ImeiForm(KamForm):
    id_prefix = "imei_"
    imei = forms.CharField(label=_("IMEI of the handset handed over"), max_length=20)


class CancelForm(KamForm):
    id_prefix = "cancel_"
    reason = forms.CharField(label=_("Reason"), max_length=300)


class GreenForm(KamForm):
    id_prefix = "green_"
    department: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Department"), queryset=None, empty_label="—"
    )
    instructions = forms.CharField(label=_("What the department must do"), max_length=500)

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
