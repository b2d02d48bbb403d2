from django.urls import path

from kamdesk.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("p/<slug:slug>/", views.path_detail, name="path"),
    path("p/<slug:slug>/require/", views.path_require, name="require"),
    path("p/<slug:slug>/<int:order>/start/", views.quiz_begin, name="start"),
    path("attempt/<int:attempt_id>/", views.attempt_detail, name="attempt"),
]
