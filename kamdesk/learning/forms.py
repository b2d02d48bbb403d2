from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamdesk.learning.models import LaunchRule, LearningPath
from kamdesk.users.models import ManagerGrade, Role


def _grades_field(help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Grades"),
        choices=ManagerGrade.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text or _("Empty: every grade."),
    )


def _roles_field(help_text: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


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
    grades = _grades_field(_("Empty: managers of every grade."))


class PathAdminForm(forms.ModelForm):
    """Roles and grades as check boxes rather than raw JSON."""

    roles = _roles_field(_("Roles it is meant for; empty: all."))
    grades = _grades_field()

    class Meta:
        model = LearningPath
        fields = [
            "slug",
            "title",
            "description",
            "roles",
            "grades",
            "required_for_new",
            "new_manager_days",
            "certification",
            "is_published",
        ]


class LaunchRuleAdminForm(forms.ModelForm):
    roles = _roles_field(_("Empty: account managers."))
    grades = _grades_field()
    codes = forms.CharField(
        label=_("Codes"),
        required=False,
        help_text=_("Plan or add-on codes separated by commas; empty: every new one."),
    )

    class Meta:
        model = LaunchRule
        fields = [
            "path",
            "kind",
            "codes",
            "segment",
            "roles",
            "grades",
            "deadline_days",
            "on_return_to_sale",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["codes"] = ", ".join(self.instance.codes)

    def clean_codes(self) -> list[str]:
        raw = self.cleaned_data.get("codes") or ""
        return [c.strip() for c in raw.replace("，", ",").split(",") if c.strip()]
