from django.urls import path

from kamdesk.statements import views, views_public

app_name = "statements"

urlpatterns = [
    path("deliveries/", views.delivery_log, name="deliveries"),
    path("customer/<int:customer_id>/", views.customer_page, name="customer"),
    path("customer/<int:customer_id>/panel/", views.customer_panel, name="customer_panel"),
    path("customer/<int:customer_id>/preview/", views.preview, name="preview"),
    path("customer/<int:customer_id>/preferences/", views.preference_add, name="preference_add"),
    path(
        "customer/<int:customer_id>/authorisations/",
        views.authorisation_add,
        name="authorisation_add",
    ),
    path("customer/<int:customer_id>/jobs/", views.job_add, name="job_add"),
    path("preferences/<int:pk>/send/", views.send_now, name="send_now"),
    path("preferences/<int:pk>/stop/", views.preference_stop, name="preference_stop"),
    path(
        "authorisations/<int:pk>/revoke/", views.revoke_authorisation, name="authorisation_revoke"
    ),
    path("jobs/<int:pk>/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/send/", views.job_send, name="job_send"),
    path("deliveries/<int:pk>/handed-over/", views.hand_over, name="hand_over"),
    path("deliveries/<int:pk>/print/", views.print_file, name="print_file"),
    path("verify/", views_public.verify, name="verify"),
    path("d/<str:token>/", views_public.download, name="download"),
]
