"""WSGI entry point used by ``pnyx serve`` (granian) and any other WSGI server."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pnyx.config.settings")

application = get_wsgi_application()
