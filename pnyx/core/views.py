from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from django.views.static import serve

from pnyx.core.http import safe_next_path
from pnyx.core.theme import AUTO, THEMES, remember_theme
from pnyx.core.uploads import SNIFF_BYTES, is_private_path, sniff_image_type


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


@require_GET
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
