"""Forms of the request pages. They collect raw values; the services hold the rules and
their ``ValidationFailed`` messages are shown next to the fields (``show_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.forms import KamForm
from kamdesk.customers.models import Contact
from kamdesk.tickets.models import Category, Priority, RequestChannel, Status
from kamdesk.tickets.sla import TRANSITIONS
from kamdesk.users.models import Department


def _blank(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


class TicketForm(KamForm):
    id_prefix = "ticket_"
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label="—"
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=_blank(RequestChannel.choices))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none(), required=False, empty_label="—"
    )
    numbers = forms.CharField(
        label=_("Subscriber numbers"),
        required=False,
        help_text=_("Optional; separate numbers with commas."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=_blank(Priority.choices, _("Derived from grade and category")),
    )
    priority_reason = forms.CharField(
        label=_("Reason for another priority"), required=False, max_length=300
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, categories: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]

    def numbers_list(self) -> list[str]:
        text = self.cleaned_data.get("numbers") or ""
        return [n.strip() for n in text.replace("，", ",").split(",") if n.strip()]


class StatusForm(KamForm):
    id_prefix = "status_"
    status = forms.ChoiceField(label=_("New status"), choices=())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    resolution = forms.CharField(
        label=_("Resolution"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = [s for s in TRANSITIONS.get(current, ()) if s != Status.CLOSED]
        order = list(Status.values)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, Status(s).label) for s in sorted(allowed, key=order.index)]


class StepForm(KamForm):
    id_prefix = "step_"
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.order_by("code"), empty_label="—"
    )
    placement = forms.ChoiceField(
        label=_("When"),
        choices=[
            ("after", _("After the current steps")),
            ("parallel", _("In parallel with the current steps")),
        ],
    )
    instructions = forms.CharField(
        label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 2})
    )


class HandBackForm(KamForm):
    id_prefix = "back_"
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(KamForm):
    id_prefix = "confirm_"
    note = forms.CharField(label=_("Who confirmed, and how"), max_length=300)


class PriorityForm(KamForm):
    id_prefix = "priority_"
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CommentForm(KamForm):
    id_prefix = "comment_"
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(KamForm):
    id_prefix = "file_"
    file = forms.FileField(label=_("File"))


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Neutral")),
            (2, _("Dissatisfied")),
            (1, _("Very dissatisfied")),
        ],
    )
    comment = forms.CharField(
        label=_("Anything to add?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
