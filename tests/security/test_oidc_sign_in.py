"""Single sign-on through 4A by OIDC, against a local provider started by the test: it
signs RS256 ID tokens, publishes its keys, checks the client secret and PKCE."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from kamdesk.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CLIENT_ID, CLIENT_SECRET = "kamdesk", "4a-client-secret"


class Provider:
    """What 4A knows: its signing key, and the codes it handed out."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.sign_with = self.key

    def authorise(self, authorize_url: str, claims: dict) -> dict:
        """The person signs in at 4A: a code is issued for the request's nonce and PKCE."""
        params = {k: v[0] for k, v in parse_qs(urlparse(authorize_url).query).items()}
        assert params["client_id"] == CLIENT_ID and params["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"params": params, "claims": claims}
        return {"code": code, "state": params["state"]}

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("client_secret") != CLIENT_SECRET:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != grant["params"]["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": "https://4a.test",
                "aud": CLIENT_ID,
                "sub": grant["claims"]["sub"],
                "nonce": grant["params"]["nonce"],
                "iat": now,
                "exp": now + 300,
            },
            self.sign_with,
            algorithm="RS256",
            headers={"kid": "4a-1"},
        )
        access = secrets.token_urlsafe(16)
        self.tokens[access] = grant["claims"]
        return 200, {"id_token": id_token, "access_token": access, "token_type": "Bearer"}

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": "4a-1", "alg": "RS256", "use": "sig"}]}


def serve(provider: Provider) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            self._answer(*provider.token(form))

        def do_GET(self) -> None:
            if self.path == "/jwks":
                return self._answer(200, provider.jwks())
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            claims = provider.tokens.get(token)
            return self._answer(200, claims) if claims else self._answer(401, {})

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def provider(settings):
    provider = Provider()
    server = serve(provider)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://4a.test/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_RP_SIGN_ALGO, settings.OIDC_RP_SCOPES = "RS256", "openid profile"
    settings.OIDC_USE_PKCE, settings.OIDC_TIMEOUT = True, 5
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "kamdesk.security.oidc.FourAOidcBackend",
    ]
    yield provider
    server.shutdown()


def sso(client: Client, provider: Provider, claims: dict):
    start = client.get("/oidc/authenticate/", {"next": "/customers/"})
    assert start.status_code == 302 and start["Location"].startswith("https://4a.test/authorize")
    return client.get("/oidc/callback/", provider.authorise(start["Location"], claims))


def test_it_signs_in_a_staff_member_by_staff_id(provider, manager):
    client = Client()
    response = sso(
        client,
        provider,
        {"sub": "u-1", "staff_id": manager.staff_id, "preferred_username": "someone-else"},
    )
    assert (response.status_code, response["Location"]) == (302, "/customers/")
    assert client.get("/customers/").status_code == 200
    event = AuditEvent.objects.get(action="auth.signin")
    assert (event.actor, event.extra) == (manager, {"method": "oidc"})


def test_it_falls_back_to_the_username_claim(provider, manager):
    manager.staff_id = ""
    manager.save(update_fields=["staff_id"])
    response = sso(Client(), provider, {"sub": "u-2", "preferred_username": "manager_a"})
    assert response["Location"] == "/customers/"


def test_it_refuses_an_identity_unknown_to_kam_desk(provider, db):
    client = Client()
    response = sso(client, provider, {"sub": "u-3", "staff_id": "NOBODY"})
    assert response["Location"] == "/login/?sso=failed"
    assert client.get("/customers/").status_code == 302
    failed = AuditEvent.objects.get(action="auth.signin.failed")
    assert failed.extra["method"] == "oidc"


def test_it_refuses_an_inactive_staff_member(provider):
    UserFactory(username="gone", staff_id="S-GONE", is_active=False)
    assert sso(Client(), provider, {"sub": "u-4", "staff_id": "S-GONE"})["Location"] == (
        "/login/?sso=failed"
    )


def test_it_refuses_a_token_not_signed_by_4a(provider, manager):
    provider.sign_with = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client()
    response = sso(client, provider, {"sub": "u-5", "staff_id": manager.staff_id})
    assert response.status_code == 400
    assert client.get("/customers/").status_code == 302


def test_it_still_asks_the_second_factor_after_4a(provider, auditor):
    client = Client()
    sso(client, provider, {"sub": "u-6", "staff_id": auditor.staff_id})
    assert client.get("/audit/")["Location"] == "/security/mfa/enrol/"


def test_it_offers_4a_on_the_sign_in_page_only_when_configured(settings, provider):
    assert Client().get("/login/").context["oidc_enabled"] is True
    settings.OIDC_ENABLED = False
    assert Client().get("/login/").context["oidc_enabled"] is False
    assert Client().get("/oidc/authenticate/").status_code == 404


def test_it_renders_the_4a_link_for_the_sign_in_page(rf):
    from django.template.loader import render_to_string

    request = rf.get("/login/", {"sso": "failed"})
    html = render_to_string("users/_oidc_link.html", {"oidc_enabled": True}, request=request)
    assert 'href="/oidc/authenticate/"' in html
    assert "alert" in html
    assert render_to_string("users/_oidc_link.html", {"oidc_enabled": False}).strip() == ""
