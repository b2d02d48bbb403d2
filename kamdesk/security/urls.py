from django.urls import path

from kamdesk.security import oidc, views, views_signals, views_unmask, watermark_views

urlpatterns = [
    path("security/mfa/enrol/", views.mfa_enrol, name="mfa_enrol"),
    path("security/mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("security/mfa/qr.svg", views.mfa_qr, name="mfa_qr"),
    # The names mozilla-django-oidc reverses.
    path("oidc/authenticate/", oidc.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.oidc_callback, name="oidc_authentication_callback"),
    path("audit/signals/", views_signals.signal_list, name="insider_signals"),
    path("audit/signals/<int:signal_id>/", views_signals.signal_detail, name="insider_signal"),
    # Controlled unmasking (docs/security.md).
    path("security/unmask/", views_unmask.my_grants, name="unmask_grants"),
    path("security/unmask/queue/", views_unmask.queue, name="unmask_queue"),
    path(
        "security/unmask/customers/<int:customer_id>/<str:kind>/",
        views_unmask.request_unmask,
        name="unmask_request",
    ),
    path(
        "security/unmask/panel/<int:customer_id>/identity/",
        views_unmask.identity_panel,
        name="unmask_identity_panel",
    ),
    path("security/unmask/<int:grant_id>/code/", views_unmask.confirm_code, name="unmask_confirm"),
    path("security/unmask/<int:grant_id>/decide/", views_unmask.decide, name="unmask_decide"),
    path("security/unmask/<int:grant_id>/revoke/", views_unmask.revoke, name="unmask_revoke"),
    path("security/watermark.svg", watermark_views.watermark_svg, name="watermark_svg"),
]
