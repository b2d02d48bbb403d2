"""Placeholder views; the pages are built in kamdesk/customers/views.py proper."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kamdesk.customers.selectors import CustomerFilters, customer_get, customer_search


def customer_list(request: HttpRequest) -> HttpResponse:
    customers = customer_search(user=request.user, filters=CustomerFilters(q=request.GET.get("q", "")))
    return render(request, "customers/list.html", {"customers": customers[:25]})


def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = customer_get(user=request.user, customer_id=customer_id)
    return render(request, "customers/detail.html", {"customer": customer})
