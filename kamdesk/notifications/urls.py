from django.urls import path

from kamdesk.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/read/", views.read, name="read"),
    path("<int:notification_id>/snooze/", views.snooze, name="snooze"),
    path("<int:notification_id>/done/", views.done, name="done"),
    path("read-all/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("sms-outbox/", views.sms_outbox, name="sms_outbox"),
]
