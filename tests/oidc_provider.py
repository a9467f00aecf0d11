"""A small OpenID Connect provider for the tests: a real one, on a localhost port, that the site
talks to over HTTP as it talks to the company's (``tests/oidc.py`` starts it for a test).

It serves discovery (``/.well-known/openid-configuration``), its keys (``/jwks``), the
authorization code flow with a sign-in form (``/authorize``), the token endpoint (client secret,
basic or posted, and PKCE) and userinfo; ID tokens are RS256-signed with joserfc and carry
whatever claims the user was given (the groups, for one). Tests add users and make it misbehave
through ``/_control/...`` (JSON): a wrong ``state`` in the redirect, or an ID token with another
``nonce``, another audience, another issuer, a signature by a key it does not publish, an
expiry in the past, or the last token it issued, again; or a clock a few seconds fast.

Run: ``python -m tests.oidc_provider --client-id ID --client-secret SECRET`` (``--port 0``, the
default, takes a free port); the first line printed is the issuer URL. ``--user
name:password:group,group`` adds a user (to try company sign-in by hand, README).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

# What a test can make the provider get wrong (``/_control/fault``).
FAULTS = ("state", "nonce", "audience", "signature", "expired", "issuer", "replay", "clock-ahead")
# What a test can ask the provider to do (``/_control/rotate``): sign with a new key from now on.
TOKEN_SECONDS = 300


class Provider:
    """The provider's state: its client, keys, users, codes and tokens, and the fault to commit."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.issuer = ""
        self.key = RSAKey.generate_key(2048, parameters={"kid": "signing", "alg": "RS256"})
        # Another key, used under the published key's id: a signature the published key does
        # not verify.
        self.forger = RSAKey.generate_key(2048, parameters={"alg": "RS256"})
        self.users: dict[str, dict[str, Any]] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.access_tokens: dict[str, dict[str, Any]] = {}
        self.fault: str | None = None
        self.last_id_token = ""
        # How many times each GET path was asked for (``/_control/counts``).
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email", "groups"],
        }

    def id_token(self, user: dict[str, Any], grant: dict[str, Any]) -> str:
        if self.fault == "replay" and self.last_id_token:
            return self.last_id_token
        self.last_id_token = self.signed_id_token(user, grant)
        return self.last_id_token

    def signed_id_token(self, user: dict[str, Any], grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims = {
            **user["claims"],
            "iss": self.issuer,
            "sub": user["sub"],
            "aud": self.client_id,
            "iat": now,
            "auth_time": grant["auth_time"],
            "exp": now + TOKEN_SECONDS,
            "jti": secrets.token_urlsafe(16),
        }
        if grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        key = self.key
        if self.fault == "nonce":
            claims["nonce"] = secrets.token_urlsafe(16)
        elif self.fault == "audience":
            claims["aud"] = "another-client"
        elif self.fault == "expired":
            claims["iat"], claims["exp"] = now - 2 * TOKEN_SECONDS, now - TOKEN_SECONDS
        elif self.fault == "clock-ahead":  # a provider whose clock is 10 seconds fast
            claims["iat"], claims["exp"] = now + 10, now + 10 + TOKEN_SECONDS
        elif self.fault == "issuer":
            claims["iss"] = "https://id.elsewhere.example"
        elif self.fault == "signature":
            key = self.forger
        return jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, key)


class Handler(BaseHTTPRequestHandler):
    server: ProviderServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests say what went wrong

    # Answers ------------------------------------------------------------------------------------

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def json(self, data: Any, status: int = 200) -> None:
        self.send(status, json.dumps(data).encode(), "application/json")

    def error(self, error: str, description: str, status: int = 400) -> None:
        self.json({"error": error, "error_description": description}, status)

    def form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(body or "{}")
        return {name: values[0] for name, values in parse_qs(body).items()}

    @property
    def provider(self) -> Provider:
        return self.server.provider

    # Routes -------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.provider.counts[url.path] = self.provider.counts.get(url.path, 0) + 1
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        routes = {
            "/.well-known/openid-configuration": lambda: self.json(self.provider.discovery()),
            "/jwks": lambda: self.json({"keys": [self.provider.key.as_dict(private=False)]}),
            "/authorize": lambda: self.authorize_form(query),
            "/userinfo": self.userinfo,
        }
        routes.get(url.path, lambda: self.error("not_found", url.path, 404))()

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        routes = {
            "/authorize": self.authorize,
            "/token": self.token,
            "/_control/users": self.control_user,
            "/_control/fault": self.control_fault,
            "/_control/rotate": self.control_rotate,
            "/_control/counts": lambda: self.json(self.provider.counts),
        }
        routes.get(url.path, lambda: self.error("not_found", url.path, 404))()

    def authorize_problem(self, params: dict[str, str]) -> str | None:
        if params.get("client_id") != self.provider.client_id:
            return "unknown client_id"
        if params.get("response_type") != "code":
            return "only response_type=code"
        if "openid" not in params.get("scope", "").split():
            return "the scope lacks openid"
        if not params.get("redirect_uri", "").startswith(("http://", "https://")):
            return "redirect_uri missing"
        return None

    def authorize_form(self, params: dict[str, str], message: str = "") -> None:
        problem = self.authorize_problem(params)
        if problem:
            return self.error("invalid_request", problem)
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
            for name, value in params.items()
        )
        page = (
            '<!doctype html><html lang="en"><title>Company sign-in</title><main>'
            "<h1>Company sign-in</h1>"
            f'<p role="alert">{html.escape(message)}</p>'
            f'<form method="post" action="/authorize">{hidden}'
            '<label>Username <input name="username" autocomplete="username"></label>'
            '<label>Password <input name="password" type="password"></label>'
            "<button>Sign in</button></form></main></html>"
        )
        self.send(200 if not message else 401, page.encode(), "text/html; charset=utf-8")

    def authorize(self) -> None:
        params = self.form()
        username, password = params.pop("username", ""), params.pop("password", "")
        problem = self.authorize_problem(params)
        if problem:
            return self.error("invalid_request", problem)
        user = self.provider.users.get(username)
        if user is None or not secrets.compare_digest(user["password"], password):
            return self.authorize_form(params, "Wrong username or password.")
        code = secrets.token_urlsafe(24)
        with self.provider.lock:
            self.provider.codes[code] = {
                "username": username,
                "redirect_uri": params["redirect_uri"],
                "nonce": params.get("nonce"),
                "code_challenge": params.get("code_challenge"),
                "auth_time": int(time.time()),
            }
        state = params.get("state", "")
        if self.provider.fault == "state":
            state = secrets.token_urlsafe(12)
        separator = "&" if "?" in params["redirect_uri"] else "?"
        location = f"{params['redirect_uri']}{separator}{urlencode({'code': code, 'state': state})}"
        self.send(302, b"", "text/plain", Location=location)

    def client_authenticated(self, params: dict[str, str]) -> bool:
        client_id, secret = params.get("client_id"), params.get("client_secret")
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        return client_id == self.provider.client_id and secrets.compare_digest(
            secret or "", self.provider.client_secret
        )

    def token(self) -> None:
        params = self.form()
        if not self.client_authenticated(params):
            return self.error("invalid_client", "client authentication failed", 401)
        if params.get("grant_type") != "authorization_code":
            return self.error("unsupported_grant_type", "only authorization_code")
        with self.provider.lock:
            grant = self.provider.codes.pop(params.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != params.get("redirect_uri"):
            return self.error("invalid_grant", "unknown or used code, or another redirect_uri")
        if grant["code_challenge"]:
            verifier = params.get("code_verifier", "").encode()
            digest = hashlib.sha256(verifier).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != grant["code_challenge"]:
                return self.error("invalid_grant", "PKCE verification failed")
        user = self.provider.users[grant["username"]]
        access_token = secrets.token_urlsafe(24)
        self.provider.access_tokens[access_token] = user
        self.json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
                "id_token": self.provider.id_token(user, grant),
            }
        )

    def userinfo(self) -> None:
        header = self.headers.get("Authorization", "")
        user = self.provider.access_tokens.get(header.removeprefix("Bearer "))
        if not header.startswith("Bearer ") or user is None:
            return self.error("invalid_token", "unknown access token", 401)
        self.json({**user["claims"], "sub": user["sub"]})

    def control_user(self) -> None:
        """Add or replace a user: {"username", "password", "claims": {...}}."""
        data = self.form()
        username = data["username"]
        existing = self.provider.users.get(username)
        self.provider.users[username] = {
            "sub": existing["sub"] if existing else f"sub-{secrets.token_hex(8)}",
            "password": data["password"],
            "claims": {"preferred_username": username, **data.get("claims", {})},
        }
        self.json({"sub": self.provider.users[username]["sub"]})

    def control_rotate(self) -> None:
        """A new signing key, under a new key id, published instead of the old one."""
        self.form()
        kid = f"signing-{secrets.token_hex(4)}"
        self.provider.key = RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256"})
        self.json({"kid": kid})

    def control_fault(self) -> None:
        """{"fault": one of FAULTS, or null for none}: what every answer gets wrong from now."""
        fault = self.form().get("fault")
        if fault is not None and fault not in FAULTS:
            return self.error("invalid_request", f"fault must be one of {FAULTS}")
        self.provider.fault = fault
        self.json({"fault": fault})


class ProviderServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, provider: Provider) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.provider = provider
        provider.issuer = f"http://127.0.0.1:{self.server_address[1]}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--user", action="append", default=[], help="name:password:group,...")
    args = parser.parse_args(argv)
    provider = Provider(args.client_id, args.client_secret)
    for user in args.user:
        username, _, rest = user.partition(":")
        password, _, groups = rest.partition(":")
        provider.users[username] = {
            "sub": f"sub-{username}",
            "password": password,
            "claims": {
                "preferred_username": username,
                "email": f"{username}@company.example",
                "email_verified": True,
                "name": username.replace(".", " ").title(),
                "groups": [group for group in groups.split(",") if group],
            },
        }
    server = ProviderServer(args.port, provider)
    print(server.provider.issuer, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    sys.exit(0)


if __name__ == "__main__":
    main()
