from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.customers.forms import KamForm
from kamdesk.home.models import HandoverReason
from kamdesk.users.models import Role, User


class IdListField(forms.Field):
    """Ids ticked in a list of checkboxes; the service checks each is in scope."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        try:
            return [int(v) for v in (value or [])]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Choose customers from the list.")) from exc


class HandoverForm(KamForm):
    """Choices only: the service checks scope, team and ownership again."""

    id_prefix = "ho_"
    from_manager = forms.TypedChoiceField(label=_("From manager"), coerce=int)
    to_manager = forms.TypedChoiceField(label=_("To manager"), coerce=int)
    reason = forms.ChoiceField(label=_("Reason"), choices=HandoverReason.choices)
    note = forms.CharField(label=_("Handover note"), widget=forms.Textarea(attrs={"rows": 4}))
    tell_contacts = forms.BooleanField(
        label=_("Tell the customers' contacts who their new manager is"),
        required=False,
        initial=True,
    )
    customers = IdListField(label=_("Customers"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managers = User.objects.filter(role=Role.MANAGER)
        if user.role == Role.SUPERVISOR:
            managers = managers.filter(team__supervisor=user)
        choices = [("", "—")] + [(m.pk, str(m)) for m in managers.order_by("username")]
        for name in ("from_manager", "to_manager"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
