from django.urls import path

from kamdesk.prospects import views

app_name = "prospects"
urlpatterns = [
    path("", views.prospect_list, name="list"),
    path("new/", views.prospect_edit, name="new"),
    path("<int:prospect_id>/", views.prospect_detail, name="detail"),
    path("<int:prospect_id>/edit/", views.prospect_edit, name="edit"),
    path("competitors/", views.competitor_list, name="competitors"),
    path("competitors/<int:competitor_id>/", views.competitor_detail, name="competitor"),
    path("competitors/<int:competitor_id>/offers/", views.offer_add, name="offer_add"),
    path("competitors/<int:competitor_id>/presences/", views.presence_add, name="presence_add"),
    path("market/", views.market, name="market"),
]
