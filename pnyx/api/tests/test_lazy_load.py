"""The API (django-ninja, pydantic) is imported only when it is first used.

Every worker would otherwise carry ~10 MiB for it (docs/performance.md, "Worker memory").
Checked in a fresh interpreter, since the test process has long imported it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from django.urls import reverse

from pnyx.api.urls import APP_NAME, NAMESPACE

SCRIPT = textwrap.dedent(
    """
    import os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "pnyx.config.settings"
    from pnyx.config.wsgi import application
    from django.urls import resolve, reverse
    reverse("thread-detail", args=[1, "x"]), reverse("account_login"), resolve("/healthz")
    print("pages", "ninja" in sys.modules, "pydantic" in sys.modules)
    print("reverse", reverse("api-v1:read_thread", args=[3]), "ninja" in sys.modules)
    print("resolve", resolve("/api/v1/threads/3").url_name, resolve("/api/x").url_name)
    """
)


def test_pages_do_not_import_the_api_and_the_api_loads_at_first_use(tmp_path: object) -> None:
    env = {"PNYX_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "pages False False",
        "reverse /api/v1/threads/3 True",
        "resolve read_thread None",
    ]


def test_the_lazy_include_has_the_namespaces_of_the_api() -> None:
    from pnyx.config.urls import LazyURLResolver, urlpatterns

    (lazy,) = [p for p in urlpatterns if isinstance(p, LazyURLResolver)]
    assert str(lazy.pattern) == "api/"
    assert (lazy.app_name, lazy.namespace) == (APP_NAME, NAMESPACE) == ("ninja", "api-v1")
    assert reverse("api-v1:openapi-json") == "/api/v1/openapi.json"
