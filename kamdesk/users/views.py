"""Staff pages: sign-in, and absences, during which the backup manager acts for the manager."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.core.errors import ValidationFailed
from kamdesk.users.forms import SignInForm
from kamdesk.users.models import Absence, Role, User
from kamdesk.users.services import absence_create


class SignInView(auth_views.LoginView):
    """Django's sign-in page with the lock-out check, and the 4A link when configured."""

    template_name = "users/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        return context


def _absence_subjects(user: User) -> QuerySet[User]:
    """Whose absences ``user`` may record: their own; a supervisor's team; an admin's all."""
    if user.role == Role.SYSTEM_ADMIN:
        return User.objects.filter(role__in=[Role.MANAGER, Role.SUPERVISOR], is_active=True)
    if user.role == Role.SUPERVISOR:
        return User.objects.filter(team__supervisor=user, is_active=True) | User.objects.filter(
            pk=user.pk
        )
    return User.objects.filter(pk=user.pk)


class AbsenceForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("Staff member"))
    starts_on = forms.DateField(
        label=gettext_lazy("First day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Last day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)

    def __init__(self, *args: object, subjects: QuerySet[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user"].queryset = subjects.order_by("username")  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "user" else ("form-control form-control-sm")
            )


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def absence_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    subjects = _absence_subjects(user)
    form = AbsenceForm(
        request.POST or None,
        subjects=subjects,
        initial={"user": user.pk, "starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            absence_create(
                user=data["user"],
                starts_at=_local_midnight(data["starts_on"]),
                ends_at=_local_midnight(data["ends_on"] + dt.timedelta(days=1)),
                reason=data["reason"],
                actor=user,
            )
        except ValidationFailed as exc:
            form.add_error("ends_on", exc.errors.get("ends_at", [str(exc)])[0])
        else:
            messages.success(request, _("The absence is recorded; backups act meanwhile."))
            return redirect("absences")
    recent = timezone.now() - dt.timedelta(days=30)
    absences = (
        Absence.objects.filter(user__in=subjects, ends_at__gt=recent)
        .select_related("user")
        .order_by("starts_at")
    )
    return render(request, "users/absences.html", {"form": form, "absences": absences})
