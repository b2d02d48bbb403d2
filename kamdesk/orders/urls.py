from django.urls import path

from kamdesk.orders.views import actions, pages, simulators

app_name = "orders"
urlpatterns = [
    path("", pages.order_list, name="list"),
    path("new/", pages.order_new, name="new"),
    path("from-visit/<int:visit_id>/", pages.order_from_visit, name="from_visit"),
    path("<int:order_id>/", pages.order_detail, name="detail"),
    path("<int:order_id>/form.pdf", pages.order_form_pdf_view, name="form_pdf"),
    path("<int:order_id>/items/", actions.item_add_view, name="item_add"),
    path("<int:order_id>/pool-numbers/", pages.pool_numbers_view, name="pool_numbers"),
    path(
        "<int:order_id>/items/<int:item_id>/remove/", actions.item_remove_view, name="item_remove"
    ),
    path(
        "<int:order_id>/items/<int:item_id>/verify/", actions.item_verify_view, name="item_verify"
    ),
    path(
        "<int:order_id>/items/<int:item_id>/code/",
        actions.item_code_send_view,
        name="item_code_send",
    ),
    path(
        "<int:order_id>/items/<int:item_id>/confirm/",
        actions.item_code_confirm_view,
        name="item_code_confirm",
    ),
    path(
        "<int:order_id>/items/<int:item_id>/hand-over/",
        actions.item_hand_over_view,
        name="item_hand_over",
    ),
    path("<int:order_id>/discount/", actions.discount_view, name="discount"),
    path("<int:order_id>/sign/", actions.sign_view, name="sign"),
    path(
        "<int:order_id>/request-approval/", actions.request_approval_view, name="request_approval"
    ),
    path("<int:order_id>/approve/", actions.approve_view, name="approve"),
    path("<int:order_id>/submit/", actions.submit_view, name="submit"),
    path("<int:order_id>/cancel/", actions.cancel_view, name="cancel"),
    path("<int:order_id>/green-channel/", actions.green_view, name="green"),
    path("customer/<int:customer_id>/", pages.customer_panel, name="customer_panel"),
    path("boss-simulator/", simulators.boss_simulator, name="boss_simulator"),
    path(
        "boss-simulator/numbers",
        simulators.boss_numbers_simulator,
        name="boss_numbers_simulator",
    ),
    path(
        "realname-simulator/<slug:purpose>",
        simulators.realname_simulator,
        name="realname_simulator",
    ),
]
