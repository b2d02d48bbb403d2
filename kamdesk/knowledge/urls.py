from django.urls import path

from kamdesk.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.article_edit, name="new"),
    path("customer/<int:customer_id>/", views.customer_panel, name="customer_panel"),
    path("customer/<int:customer_id>/send/", views.answer_send, name="send"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/edit/", views.article_edit, name="edit"),
    path("<slug:slug>/attach/", views.article_attach, name="attach"),
    path("<slug:slug>/v<int:version>/", views.version_detail, name="version"),
]
