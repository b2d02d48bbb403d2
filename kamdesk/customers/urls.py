from django.urls import path

from kamdesk.customers import panel_views, views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("export.csv", views.customer_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.customer_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("new/", views.customer_new, name="new"),
    path("<int:customer_id>/", views.customer_detail, name="detail"),
    path("<int:customer_id>/edit/", views.customer_edit, name="edit"),
    path("<int:customer_id>/subscribers/", panel_views.subscribers_panel, name="subscribers"),
    path("<int:customer_id>/contacts/", panel_views.contacts_panel, name="contacts"),
    path("<int:customer_id>/contacts/new/", panel_views.contact_new, name="contact_new"),
    path(
        "<int:customer_id>/contacts/<int:contact_id>/edit/",
        panel_views.contact_edit,
        name="contact_edit",
    ),
    path("<int:customer_id>/interactions/", panel_views.interactions_more, name="interactions"),
    path(
        "<int:customer_id>/interactions/new/", panel_views.interaction_new, name="interaction_new"
    ),
]
