from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from kamdesk.users.selectors import token_in_use
from kamdesk.users.services import token_create, token_revoke

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    # The current authenticator code: needed by staff who use a second factor.
    otp: str = ""


class TokenOut(Schema):
    token: str
    expires_at: str


class RevokedOut(Schema):
    revoked_at: str


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class NotFoundOut(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 422: ErrorsOut})
def create_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    raw, row = token_create(username=payload.username, password=payload.password, otp=payload.otp)
    return TokenOut(token=raw, expires_at=row.expires_at.isoformat())


@router.delete("/token", response={200: RevokedOut, 404: NotFoundOut})
def revoke_token(request: HttpRequest) -> RevokedOut:
    """Revoke the bearer token this request was made with."""
    row = token_in_use(authorization=request.headers.get("Authorization", ""))
    if row is None:
        raise Http404("No such token")
    row = token_revoke(token=row, actor=request.auth)  # type: ignore[attr-defined]
    assert row.revoked_at is not None
    return RevokedOut(revoked_at=row.revoked_at.isoformat())
