from django.urls import path

from kamdesk.scorecards import views

app_name = "scorecards"
urlpatterns = [
    path("", views.start, name="start"),
    path("manager/<int:manager_id>/", views.manager, name="manager"),
    path("team/<int:team_id>/", views.team, name="team"),
    path("province/", views.province, name="province"),
    path("<str:kind>/kpi/<slug:code>/", views.drill, name="drill"),
    path("<str:kind>/trend/", views.trend, name="trend"),
    path("<str:kind>/export.xlsx", views.export, name="export"),
    path("<str:kind>/report.pdf", views.export, {"fmt": "pdf"}, name="report_pdf"),
    path("targets/", views.target_settings, name="targets"),
]
