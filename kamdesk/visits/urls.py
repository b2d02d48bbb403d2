from django.urls import path

from kamdesk.visits.views import actions, calendar, pages, panel, reports

app_name = "visits"
urlpatterns = [
    path("visits/", pages.visit_list, name="list"),
    path("visits/new/", pages.visit_new, name="new"),
    path("visits/<int:visit_id>/", pages.visit_detail, name="detail"),
    path("visits/<int:visit_id>/plan/", actions.plan_change, name="plan_change"),
    path("visits/<int:visit_id>/drop/", actions.cancel, name="cancel"),
    path("visits/<int:visit_id>/check-in/", actions.check_in, name="check_in"),
    path("visits/<int:visit_id>/record/", actions.record, name="record"),
    path("visits/<int:visit_id>/needs/", actions.need_add, name="need_add"),
    path("visits/<int:visit_id>/needs/<int:need_id>/", actions.need_dispose, name="need_dispose"),
    path("visits/<int:visit_id>/items/", actions.item_add, name="item_add"),
    path("visits/<int:visit_id>/items/<int:item_id>/", actions.item_resolve, name="item_resolve"),
    path("visits/<int:visit_id>/sign/", actions.sign, name="sign"),
    path("visits/<int:visit_id>/code/send/", actions.code_send, name="code_send"),
    path("visits/<int:visit_id>/code/", actions.code_confirm, name="code_confirm"),
    path("visits/<int:visit_id>/files/", actions.upload, name="upload"),
    path("visits/<int:visit_id>/complete/", actions.complete, name="complete"),
    path("visits/<int:visit_id>/visit.ics", calendar.visit_ics, name="ics"),
    path("visits/calendar/", calendar.month_view, name="calendar"),
    path("visits/week/", calendar.week_view, name="week"),
    path("visits/plan/", calendar.plan_month_view, name="plan"),
    path("visits/feeds/", calendar.feeds_view, name="feeds"),
    path("visits/coverage/", reports.coverage_view, name="coverage"),
    path("visits/coverage.xlsx", reports.coverage_xlsx, name="coverage_xlsx"),
    path("visits/archive/", reports.archive_view, name="archive"),
    path("visits/customer/<int:customer_id>/", panel.customer_panel, name="customer_panel"),
    path("calendar/<str:token>.ics", calendar.feed_ics, name="feed"),
]
