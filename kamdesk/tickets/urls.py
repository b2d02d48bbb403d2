from django.urls import path

from kamdesk.tickets.views import actions, backoffice, board, pages, panel, simulator

app_name = "tickets"
urlpatterns = [
    path("", pages.ticket_list, name="list"),
    path("new/", pages.ticket_new, name="new"),
    path("<int:ticket_id>/", pages.ticket_detail, name="detail"),
    path("<int:ticket_id>/status/", actions.ticket_status, name="status"),
    path("<int:ticket_id>/steps/", actions.ticket_step_add, name="step_add"),
    path("<int:ticket_id>/confirm/", actions.ticket_confirm_view, name="confirm"),
    path("<int:ticket_id>/priority/", actions.ticket_priority, name="priority"),
    path("<int:ticket_id>/comment/", actions.ticket_comment_view, name="comment"),
    path("<int:ticket_id>/attach/", actions.ticket_attach, name="attach"),
    path("queue/", backoffice.queue, name="queue"),
    path("steps/<int:step_id>/", backoffice.step_page, name="step"),
    path("steps/<int:step_id>/take/", backoffice.step_take_view, name="step_take"),
    path("steps/<int:step_id>/hand-back/", backoffice.step_hand_back_view, name="step_hand_back"),
    path("breaches/", board.breaches, name="breaches"),
    path("reports/", board.reports, name="reports"),
    path("customer/<int:customer_id>/", panel.customer_panel, name="customer_panel"),
    path("eoms-simulator/", simulator.eoms_simulator, name="eoms_simulator"),
]
