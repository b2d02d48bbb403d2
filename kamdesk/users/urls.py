from django.contrib.auth import views as auth_views
from django.urls import path

from kamdesk.users import views
from kamdesk.users.forms import SignInForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="users/login.html", authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/absences/", views.absence_list, name="absences"),
]
