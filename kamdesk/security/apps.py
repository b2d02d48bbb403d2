from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "kamdesk.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        # Django itself announces sign-in, sign-out and failed sign-in through the auth
        # signals (also for the OIDC and API paths); listening to them is the one place
        # all three are seen, so here, and only here, the project uses signals.
        from django.contrib.auth import signals

        from kamdesk.security import signin

        signals.user_logged_in.connect(signin.on_signed_in, dispatch_uid="kam_signed_in")
        signals.user_logged_out.connect(signin.on_signed_out, dispatch_uid="kam_signed_out")
        signals.user_login_failed.connect(signin.on_sign_in_failed, dispatch_uid="kam_failed")

        # The identity document on the 360 page, unmasked (and audited) under a grant.
        from kamdesk.customers.panels import panel_register

        panel_register(
            key="unmask_identity",
            url_name="unmask_identity_panel",
            region="side",
            order=5,
            data_kind="identity",
        )
