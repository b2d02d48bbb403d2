from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def home(request: HttpRequest) -> HttpResponse:
    """The manager's day comes in a later issue; until then home is the customer list."""
    return redirect("customers:list")
