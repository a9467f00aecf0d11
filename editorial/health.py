"""/healthz: whether this app server can do its work, for the proxy and the load balancer.

200 when the database and the cache both answer, 503 (saying which did not) otherwise. No
login, no session, no cookie; never cached. Each check is one round trip; the cache's socket
timeout (settings: one second) bounds how long a hung Redis can make it wait.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz"


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database did not answer.")
        return False


def cache_answers() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set(HEALTH_KEY, token, 10)
        return cache.get(HEALTH_KEY) == token
    except Exception:
        logger.exception("Health check: the cache did not answer.")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{k: "ok" if v else "failing" for k, v in checks.items()},
        },
        status=200 if healthy else 503,
    )
