from django.urls import path

from kamdesk.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("home/panels/<slug:key>/", views.panel, name="home_panel"),
    path("home/greetings/<int:contact_id>/", views.greeting, name="home_greeting"),
    path("home/greetings/<int:contact_id>/<slug:occasion>/", views.greeting, name="home_greeting"),
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/new/", views.handover_new, name="handover_new"),
    path("handovers/customers/", views.handover_customers, name="handover_customers"),
    path("handovers/<int:handover_id>/", views.handover_detail, name="handover_detail"),
]
