from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kamdesk.audit.context import client_address
from kamdesk.security.signin import (
    lockout_minutes,
    lockout_remaining,
    signin_failure_record,
)


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account is disabled."),
        "locked": _("Too many failed sign-ins. Try again in %(minutes)s minutes."),
    }

    def clean(self) -> dict[str, Any]:
        self._refuse_if_locked(record=True)
        try:
            return super().clean()
        except forms.ValidationError:
            # This failure may be the one that locked the account: say so at once.
            self._refuse_if_locked(record=False)
            raise

    def _refuse_if_locked(self, *, record: bool) -> None:
        username = self.cleaned_data.get("username") or ""
        ip = client_address(self.request) if self.request is not None else None
        remaining = lockout_remaining(username=username, ip=ip)
        if remaining is not None:
            if record:  # the password is not checked, but the attempt is audited
                signin_failure_record(username=username, ip=ip)
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": lockout_minutes(remaining)},
            )
