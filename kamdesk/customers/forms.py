"""Forms that render customer, contact and interaction inputs.

They only collect raw values: the rules live in the services (``customer_create``,
``contact_create``, ...), which raise ``ValidationFailed``; ``show_errors`` puts those
messages next to the fields, so a page, the API and an import report the same words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.models import (
    Channel,
    Contact,
    Customer,
    CustomerKind,
    CustomerStatus,
    DecisionRole,
    Grade,
    IdType,
    Interaction,
)
from kamdesk.users.models import User


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select form-select-sm"
    return "form-control form-control-sm"


def _label(model: type[Model], name: str) -> Any:
    field = cast("Field[Any, Any]", model._meta.get_field(name))
    return capfirst(field.verbose_name)


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def _text(model: type[Model], field: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=_label(model, field), required=False, **kwargs)


def _select(model: type[Model], field: str, choices: Any) -> forms.CharField:
    return _text(model, field, widget=forms.Select(choices=_blank(choices)))


class KamForm(forms.Form):
    """A form whose fields are all optional text: validation belongs to the services."""

    id_prefix = "id_"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Several forms share the 360 page: their element ids must not collide.
        kwargs.setdefault("auto_id", f"{self.id_prefix}%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", _css_class(field.widget))

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)

    def raw(self) -> dict[str, Any]:
        """The submitted values, without the fields that were disabled on the page."""
        return {
            name: self.cleaned_data.get(name, "")
            for name, field in self.fields.items()
            if not field.disabled
        }


class CustomerForm(KamForm):
    code = _text(Customer, "code")
    kind = _select(Customer, "kind", CustomerKind.choices)
    parent_code = forms.CharField(label=_("Parent group code"), required=False)
    name = _text(Customer, "name")
    uscc = _text(Customer, "uscc", help_text=_("Group customers only."))
    id_type = _select(Customer, "id_type", IdType.choices)
    id_number = _text(Customer, "id_number", help_text=_("Individual VIPs only."))
    grade = _text(Customer, "grade", widget=forms.Select)
    industry = _text(Customer, "industry")
    region = _text(Customer, "region")
    district = _text(Customer, "district")
    address = _text(Customer, "address")
    latitude = _text(Customer, "latitude")
    longitude = _text(Customer, "longitude")
    status = _select(Customer, "status", CustomerStatus.choices)
    credit_tier = _text(Customer, "credit_tier")
    manager = _text(Customer, "manager", widget=forms.Select)
    backup_manager = _text(Customer, "backup_manager", widget=forms.Select)

    def __init__(self, *args: Any, managers: list[User], can_assign: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grades = [(g.code, f"{g.name} ({g.get_kind_display()})") for g in Grade.objects.all()]
        self.fields["grade"].widget.choices = _blank(grades)
        people = _blank([(m.username, f"{m} ({m.username})") for m in managers])
        for name in ("manager", "backup_manager"):
            self.fields[name].widget.choices = people
            # Only supervisors and administrators reassign portfolios.
            self.fields[name].disabled = not can_assign


class ContactForm(KamForm):
    id_prefix = "contact_"
    # "name" and "title" read as a person's name and job title here, not a company's.
    name = forms.CharField(label=_("Full name"), required=False)
    title = forms.CharField(label=_("Job title"), required=False)
    decision_role = _select(Contact, "decision_role", DecisionRole.choices)
    phone = _text(Contact, "phone")
    email = _text(Contact, "email", widget=forms.EmailInput)
    wechat = _text(Contact, "wechat")
    preferred_channel = _select(Contact, "preferred_channel", Channel.choices)
    preferred_hours = _text(Contact, "preferred_hours")
    birthday = forms.DateField(
        label=_label(Contact, "birthday"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    in_post_since = forms.DateField(
        label=_label(Contact, "in_post_since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent_greetings = forms.BooleanField(
        label=_label(Contact, "consent_greetings"), required=False
    )
    consent_marketing = forms.BooleanField(
        label=_label(Contact, "consent_marketing"), required=False
    )
    character = _text(Contact, "character")
    habits = _text(Contact, "habits")
    hobbies = _text(Contact, "hobbies")
    motives = _text(Contact, "motives")
    notes = _text(Contact, "notes", widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_contact(cls, contact: Contact) -> ContactForm:
        initial = {name: getattr(contact, name) for name in cls.base_fields}
        return cls(initial=initial)


class InteractionForm(KamForm):
    id_prefix = "interaction_"
    channel = _select(Interaction, "channel", Channel.choices)
    inbound = forms.BooleanField(label=_label(Interaction, "inbound"), required=False)
    occurred_at = forms.DateTimeField(
        label=_label(Interaction, "occurred_at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    contact = _text(Interaction, "contact", widget=forms.Select)
    summary = _text(Interaction, "summary", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, contacts: list[Contact], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"occurred_at": _now_minute(), "channel": Channel.CALL})
        super().__init__(*args, **kwargs)
        self.contacts = {str(c.pk): c for c in contacts}
        self.fields["contact"].widget.choices = _blank([(str(c.pk), c.name) for c in contacts])

    def chosen_contact(self) -> Contact | None:
        return self.contacts.get(str(self.cleaned_data.get("contact") or ""))


def _now_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)
