from django.urls import path

from kamdesk.commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("new/", views.commitment_new, name="new"),
    path("rate/", views.rate_page, name="rate"),
    path("<int:commitment_id>/", views.commitment_detail, name="detail"),
    path("<int:commitment_id>/fulfil/", views.commitment_fulfil_view, name="fulfil"),
    path("<int:commitment_id>/renegotiate/", views.commitment_renegotiate_view, name="renegotiate"),
    path("<int:commitment_id>/cancel/", views.commitment_cancel_view, name="cancel"),
    path("from-request/<int:ticket_id>/", views.commitment_from_request, name="from_request"),
    path("from-need/<int:need_id>/", views.commitment_from_need, name="from_need"),
    path("customer/<int:customer_id>/", views.customer_panel, name="customer_panel"),
]
