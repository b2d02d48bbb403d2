from django.urls import include, path

from kamdesk.core import views as core_views
from kamdesk.core.api import api_urls

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api_urls()),
    path("", include("kamdesk.users.urls")),
    path("", include("kamdesk.home.urls")),
    path("customers/", include("kamdesk.customers.urls")),
]
