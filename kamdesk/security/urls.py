from django.urls import path

from kamdesk.security import oidc, views, views_signals

urlpatterns = [
    path("security/mfa/enrol/", views.mfa_enrol, name="mfa_enrol"),
    path("security/mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("security/mfa/qr.svg", views.mfa_qr, name="mfa_qr"),
    # The names mozilla-django-oidc reverses.
    path("oidc/authenticate/", oidc.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.oidc_callback, name="oidc_authentication_callback"),
    path("audit/signals/", views_signals.signal_list, name="insider_signals"),
    path("audit/signals/<int:signal_id>/", views_signals.signal_detail, name="insider_signal"),
]
