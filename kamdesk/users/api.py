from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from kamdesk.users.services import token_create

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


@router.post("/token", auth=None, response={200: TokenOut, 422: ErrorsOut})
def create_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    raw, row = token_create(
        username=payload.username, password=payload.password, ip=request.META.get("REMOTE_ADDR")
    )
    return TokenOut(token=raw, expires_at=row.expires_at.isoformat())
