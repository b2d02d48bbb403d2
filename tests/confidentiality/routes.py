"""Every page URL and API operation registered, filled in for one customer.

Walks the URL resolver and the OpenAPI document, so capabilities added later are
walked too. A route is filled when every parameter is one this world can name (a
customer, its line, a month, a kind of data, a file format); others are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "logout", "oidc/", "login", "healthz")


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str, dict]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            name = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from _walk(p.url_patterns, prefix + str(p.pattern), name)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), ns + p.name, getattr(p.pattern, "converters", {})


def _value(param: str, customer: Any, line: Any) -> Any:
    if param == "customer_id":
        return customer.pk
    if param in ("subscriber_pk", "subscriber_id"):
        return line.pk
    if param == "month":
        return dt.date(2026, 10, 1)
    if param == "kind":
        return "identity"
    if param == "fmt":
        return "csv"
    return None


def page_urls(customer: Any, line: Any, *, customer_only: bool = False) -> list[str]:
    """Page URLs with their parameters filled; ``customer_only``: those naming the customer."""
    urls = []
    for route, name, converters in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        kwargs = {k: _value(k, customer, line) for k in converters}
        if any(v is None for v in kwargs.values()):
            continue
        if customer_only and "customer_id" not in kwargs and "subscriber_pk" not in kwargs:
            continue
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return sorted(set(urls))


def api_urls(customer: Any, line: Any, *, customer_only: bool = False) -> list[str]:
    """GET operations of the API with their path (and required month) filled."""
    from kamdesk.core.api import api

    schema = api.get_openapi_schema()
    urls = []
    for path, operations in schema["paths"].items():
        op = operations.get("get")
        if op is None:
            continue
        values, query = {}, []
        for param in op.get("parameters", []):
            value = _value(param["name"], customer, line)
            if param["in"] == "path":
                values[param["name"]] = value
            elif param.get("required") and param["name"] == "month":
                query.append("month=2026-10")
            elif param.get("required"):
                value = None
                values[param["name"]] = None
        if any(v is None for v in values.values()):
            continue
        if customer_only and not values:
            continue
        url = path
        for key, value in values.items():
            url = url.replace("{" + key + "}", str(value))
        urls.append(url + ("?" + "&".join(query) if query else ""))
    return sorted(set(urls))
