from __future__ import annotations

import sys
from pathlib import PurePosixPath

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.static import serve

from pnyx.core import faults
from pnyx.core.envelope import unavailable as api_unavailable
from pnyx.core.http import safe_next_path
from pnyx.core.logs import request_id_of
from pnyx.core.redis import check as redis_check
from pnyx.core.theme import AUTO, THEMES, remember_theme
from pnyx.core.uploads import SNIFF_BYTES, is_private_path, sniff_image_type


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 otherwise.

    With Redis configured, ``redis`` says whether it answers; without it the forum still
    serves every page (slower), so the status is ``degraded`` and stays 200.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    body: dict[str, object] = {"status": "ok", "database": True}
    redis = redis_check()
    if redis is not None:
        body["redis"] = redis
        if not redis:
            body["status"] = "degraded"
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded files in the embedded setup (a front proxy or object storage serves them
    when scaled out). The type comes from the file's bytes, never its name: an image in an
    allowed format is served as that image, anything else as a download; none may sniff."""
    if is_private_path(path):
        raise Http404
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    if isinstance(response, FileResponse):
        head = response.file_to_stream.read(SNIFF_BYTES)  # type: ignore[union-attr]
        response.file_to_stream.seek(0)  # type: ignore[union-attr]
        image_type = sniff_image_type(head)
        if image_type is None:
            response["Content-Type"] = "application/octet-stream"
            response["Content-Disposition"] = (
                content_disposition_header(as_attachment=True, filename=PurePosixPath(path).name)
                or "attachment"
            )
        else:
            response["Content-Type"] = image_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def theme(request: HttpRequest) -> HttpResponse:
    """The theme switch without JavaScript: ``?set=light|dark|auto&next=/path``.

    Sets (or, for ``auto``, removes) the theme cookie and goes back to ``next``, which
    must be a path on this site.
    """
    choice = request.GET.get("set", "")
    if choice not in (*THEMES, AUTO):
        return HttpResponse(
            "?set= must be light, dark or auto.", status=400, content_type="text/plain"
        )
    response = redirect(safe_next_path(request, request.GET.get("next")))
    response.status_code = 303
    remember_theme(response, choice)
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- error pages
# Rendered without the request context: no query, no site settings, nothing that can fail
# again while the database is what failed. They name the request id and nothing else.


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the database cannot be reached for a moment."""
    if request.path.startswith("/api/"):
        return api_unavailable(request)  # in the API's envelope
    response = HttpResponse(
        render_to_string("503.html", {"request_id": request_id_of(request)}), status=503
    )
    response["Retry-After"] = str(faults.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the generic error page (503 when the database was what failed)."""
    error = sys.exc_info()[1]
    if error is not None and faults.note_fault(request, error):
        return unavailable(request)
    response = HttpResponse(
        render_to_string("500.html", {"request_id": request_id_of(request)}), status=500
    )
    response["Cache-Control"] = "no-store"
    return response
