"""The HTTP API under /api/v1: one NinjaAPI, bearer tokens, one message per field on 422."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from kamdesk.core.errors import ValidationFailed
from kamdesk.users.models import User
from kamdesk.users.selectors import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token=token)


api = NinjaAPI(
    title="KAM Desk API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url="/docs",
)


def _field_of(loc: list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError):  # type: ignore[no-untyped-def]
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        errors.setdefault(_field_of(list(err.get("loc", []))), []).append(str(err.get("msg")))
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(ValidationFailed)
def on_validation_failed(request: HttpRequest, exc: ValidationFailed):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"errors": exc.errors}, status=422)


from kamdesk.users import api as users_api  # noqa: E402

api.add_router("/auth", users_api.router)

from kamdesk.customers import api as customers_api  # noqa: E402

api.add_router("", customers_api.router)

from kamdesk.usage import api as usage_api  # noqa: E402

api.add_router("", usage_api.router)

from kamdesk.tickets import api as tickets_api  # noqa: E402

api.add_router("", tickets_api.router)

from kamdesk.commitments import api as commitments_api  # noqa: E402
from kamdesk.orders import api as orders_api  # noqa: E402

api.add_router("", commitments_api.router)
api.add_router("", orders_api.router)

from kamdesk.security import api as security_api  # noqa: E402

api.add_router("", security_api.router)

from kamdesk.statements import api as statements_api  # noqa: E402

api.add_router("", statements_api.router)

from kamdesk.visits import api as visits_api  # noqa: E402

api.add_router("", visits_api.router)


from kamdesk.scorecards import api as scorecards_api  # noqa: E402

api.add_router("", scorecards_api.router)

from kamdesk.risk import api as risk_api  # noqa: E402

api.add_router("", risk_api.router)

from kamdesk.advisor import api as advisor_api  # noqa: E402
from kamdesk.knowledge import api as knowledge_api  # noqa: E402
from kamdesk.prospects import api as prospects_api  # noqa: E402

api.add_router("", advisor_api.router)
api.add_router("", knowledge_api.router)
api.add_router("", prospects_api.router)

from kamdesk.learning import api as learning_api  # noqa: E402

api.add_router("", learning_api.router)


def api_urls() -> tuple[list, str, str]:
    """The API's URL patterns, exempt from the session-login middleware (bearer auth)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns, app_name, namespace
