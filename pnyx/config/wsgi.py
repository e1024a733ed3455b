"""WSGI entry point used by ``pnyx serve`` (granian) and any other WSGI server."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pnyx.config.settings")

django_application = get_wsgi_application()

# Guest page cache hits are answered before Django builds a request (docs/performance.md).
from pnyx.core.guest_cache import GuestCacheApplication  # noqa: E402

application = GuestCacheApplication(django_application)
