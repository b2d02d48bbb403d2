from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from kamdesk.core import views as core_views
from kamdesk.core.api import api_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    # The sign-in page has a language switcher too, so choosing a language needs no login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api_urls()),
    path("", include("kamdesk.users.urls")),
    path("", include("kamdesk.security.urls")),
    path("audit/", include("kamdesk.audit.urls")),
    path("", include("kamdesk.home.urls")),
    path("scorecards/", include("kamdesk.scorecards.urls")),
    path("customers/", include("kamdesk.customers.urls")),
    path("requests/", include("kamdesk.tickets.urls")),
    path("", include("kamdesk.visits.urls")),
    path("usage/", include("kamdesk.usage.urls")),
    path("risk/", include("kamdesk.risk.urls")),
    path("survey/", include("kamdesk.tickets.survey_urls")),
    path("notifications/", include("kamdesk.notifications.urls")),
    path("files/", include("kamdesk.files.urls")),
    path("advisor/", include("kamdesk.advisor.urls")),
    path("knowledge/", include("kamdesk.knowledge.urls")),
    path("learning/", include("kamdesk.learning.urls")),
    path("prospects/", include("kamdesk.prospects.urls")),
    path("statements/", include("kamdesk.statements.urls")),
    path("commitments/", include("kamdesk.commitments.urls")),
    path("orders/", include("kamdesk.orders.urls")),
]
