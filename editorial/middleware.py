"""Security headers Django does not set itself: a Content-Security-Policy.

Public pages load nothing but the site's own files: no inline script or style, no external host.
The admin keeps the same policy for scripts (Django's admin has no inline scripts) but may use
inline style attributes, which some of its widgets write.

Forms post to the site itself, and, when company sign-in is configured, lead to the company's
identity provider: the sign-in button's form redirects there, and browsers hold a form's
redirects to ``form-action`` too, so its origin is added (``OIDC_ISSUER``'s).
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
ADMIN_POLICY = PUBLIC_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def _provider_origins() -> list[str]:
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    urls = [urlsplit(app["settings"]["server_url"]) for app in apps]
    return sorted({f"{url.scheme}://{url.netloc}" for url in urls if url.scheme and url.netloc})


def policy(*, admin: bool) -> str:
    """The policy of a page (the admin's, or any other)."""
    base = ADMIN_POLICY if admin else PUBLIC_POLICY
    origins = _provider_origins()
    return f"{base} {' '.join(origins)}" if origins else base


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = policy(admin=admin)
        return response
