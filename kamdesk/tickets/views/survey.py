"""The customer's survey page, reached from the link in the e-mail or SMS.

It needs no login; it is a customer's page, so staff who are signed in cannot answer
it (a manager may not rate their own work), and a link answers once.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kamdesk.core.errors import ValidationFailed
from kamdesk.tickets.forms import SurveyForm
from kamdesk.tickets.services.surveys import survey_answer, survey_for_token, survey_is_open


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    survey = survey_for_token(token)
    if survey is None:
        return render(request, "tickets/survey.html", {"state": "invalid"}, status=404)
    if request.user.is_authenticated:
        return render(request, "tickets/survey.html", {"state": "staff"}, status=403)
    if not survey_is_open(survey):
        return render(request, "tickets/survey.html", {"state": "closed", "survey": survey})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(
                survey=survey,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationFailed:
            return render(request, "tickets/survey.html", {"state": "closed", "survey": survey})
        return render(request, "tickets/survey.html", {"state": "thanks", "survey": survey})
    return render(request, "tickets/survey.html", {"state": "open", "survey": survey, "form": form})
