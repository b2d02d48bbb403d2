from django.urls import path

from kamdesk.risk import views

app_name = "risk"

urlpatterns = [
    path("", views.board, name="board"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("alerts/<int:alert_id>/close/", views.alert_close_view, name="alert_close"),
    path("alerts/<int:alert_id>/dismiss/", views.alert_dismiss_view, name="alert_dismiss"),
    path("win-back/", views.winback, name="winback"),
    path("customers/<int:customer_id>/", views.customer_page, name="customer"),
    path("customers/<int:customer_id>/panel/", views.customer_panel, name="customer_panel"),
    path("customers/<int:customer_id>/offer/", views.offer_view, name="offer"),
    path("customers/<int:customer_id>/opt-out/", views.optout_view, name="optout"),
    path("offers/<int:offer_id>/answer/", views.offer_answer_view, name="offer_answer"),
    path("offers/<int:offer_id>/why/", views.offer_why, name="offer_why"),
    path("customers/<int:customer_id>/change/", views.change_view, name="change"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("models/", views.models_page, name="models"),
    path("models/<int:version_id>/activate/", views.model_activate_view, name="model_activate"),
]
