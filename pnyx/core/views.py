from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET
from django.views.static import serve


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded files in the embedded setup (a front proxy or object storage serves them
    when scaled out). Only re-encoded avatars exist, served as images that never sniff."""
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
