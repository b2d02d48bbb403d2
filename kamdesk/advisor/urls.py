from django.urls import path

from kamdesk.advisor.views import actions, pages, panel

app_name = "advisor"
urlpatterns = [
    path("", pages.home, name="home"),
    path("customer/<int:customer_id>/", panel.customer_panel, name="customer_panel"),
    path("customer/<int:customer_id>/optimise/", pages.optimisation_new, name="optimise"),
    path("optimisations/<int:optimisation_id>/", pages.optimisation_detail, name="optimisation"),
    path("optimisations/<int:optimisation_id>/proposal/", pages.proposal_new, name="proposal_new"),
    path("opportunities/<int:opportunity_id>/decide/", actions.opportunity_decide, name="decide"),
    path(
        "opportunities/<int:opportunity_id>/message/", actions.opportunity_message, name="message"
    ),
    path("proposals/", pages.proposal_list, name="proposals"),
    path("proposals/<int:proposal_id>/", pages.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/edit/", actions.proposal_update, name="proposal_edit"),
    path("proposals/<int:proposal_id>/status/", actions.proposal_status, name="proposal_status"),
    path("proposals/<int:proposal_id>/order/", actions.proposal_order, name="proposal_order"),
    path("proposals/<int:proposal_id>/pdf/", pages.proposal_download, name="proposal_pdf"),
]
