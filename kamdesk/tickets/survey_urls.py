"""The public survey link (no login): outside the ``tickets`` namespace on purpose."""

from django.urls import path

from kamdesk.tickets.views.survey import survey_page

urlpatterns = [path("<str:token>/", survey_page, name="survey")]
