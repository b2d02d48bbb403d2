from django.urls import path

from kamdesk.home import views

urlpatterns = [path("", views.home, name="home")]
