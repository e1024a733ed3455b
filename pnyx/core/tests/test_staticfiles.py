from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

from pnyx.core.staticfiles import minify, should_minify

SOURCE = Path(__file__).resolve().parents[1] / "static" / "core"


def test_minify_removes_comments_and_spaces_but_keeps_code() -> None:
    assert minify("core/a.css", "/* note */\n.a {  color : red ; }\n") == ".a{color:red}"
    assert minify("core/a.js", "// note\nvar  a = 1 ;\n") == "var a=1;"
    assert minify("core/a.txt", "/* kept */") == "/* kept */"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("core/pnyx.css", True), ("core/pnyx.js", True), ("admin/css/base.css", False),
     ("core/logo.svg", False)],
)  # fmt: skip
def test_should_minify_only_our_css_and_js(name: str, expected: bool) -> None:
    assert should_minify(name) is expected


def test_test_settings_find_minified_copies() -> None:
    found = finders.find("core/pnyx.js")
    assert isinstance(found, str)
    text = Path(found).read_text(encoding="utf-8")
    source = (SOURCE / "pnyx.js").read_text(encoding="utf-8")
    assert text == minify("core/pnyx.js", source)
    assert len(text) < len(source)


def test_collectstatic_hashes_the_minified_files(tmp_path: Path) -> None:
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "pnyx.core.staticfiles.MinifiedStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("core/pnyx.css", "core/pnyx.js"):
        served = (tmp_path / manifest[name]).read_text(encoding="utf-8")
        source = (SOURCE / Path(name).name).read_text(encoding="utf-8")
        assert served == minify(name, source)
        assert (tmp_path / (manifest[name] + ".gz")).exists()
    # Third-party files are copied as they are.
    admin = manifest["admin/css/base.css"]
    assert "/*" in (tmp_path / admin).read_text(encoding="utf-8")
