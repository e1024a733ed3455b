"""Pnyx's own stylesheet and script, served minified (no build step: it happens here).

The sources in ``pnyx/*/static/`` stay readable. ``collectstatic`` (run by ``pnyx serve``)
writes the hashed, compressed copies the browser gets from the minified text, and the test
settings serve the same minified text through ``MinifyingFinder``, so the browser tests run
and weigh exactly what production sends.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.core.files.storage import FileSystemStorage, Storage
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

# Only Pnyx's own files: third-party assets ship minified (or are not ours to rewrite).
MINIFIED_PREFIXES = ("core/", "search/")


def should_minify(name: str) -> bool:
    return name.startswith(MINIFIED_PREFIXES) and name.endswith((".css", ".js"))


def minify(name: str, text: str) -> str:
    """Comments and needless whitespace removed; the code itself is untouched."""
    if name.endswith(".css"):
        return str(rcssmin.cssmin(text))
    if name.endswith(".js"):
        return str(rjsmin.jsmin(text))
    return text


class _MinifiedCopies:
    """Minified copies of source files in a private temporary directory."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="pnyx-static-"))
        self.storage = FileSystemStorage(location=self.directory)

    def copy(self, name: str, source: Path | str) -> Path:
        target = self.directory / name
        source = Path(source)
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            return target
        text = source.read_text(encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(minify(name, text), encoding="utf-8")
        return target


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """WhiteNoise's hashed and compressed storage, hashing the minified text of our files."""

    def post_process(
        self, paths: dict[str, tuple[Storage, str]], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str, bool]]:
        if not dry_run:
            copies = _MinifiedCopies()
            for name, (storage, path) in list(paths.items()):
                if should_minify(name):
                    copies.copy(name, storage.path(path))
                    paths[name] = (copies.storage, name)
        yield from super().post_process(paths, dry_run=dry_run, **options)


class MinifyingFinder(AppDirectoriesFinder):
    """Finds app static files like Django's finder, but answers with minified copies of
    Pnyx's own CSS and JavaScript (used by the test and development settings)."""

    _copies: _MinifiedCopies | None = None

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        found: Any = super().find(path, find_all, **kwargs)  # type: ignore[call-overload]
        if not found or not should_minify(path):
            return found
        if MinifyingFinder._copies is None:
            MinifyingFinder._copies = _MinifiedCopies()
        copies = MinifyingFinder._copies
        if find_all:
            return [str(copies.copy(path, match)) for match in found]
        return str(copies.copy(path, found))

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, Storage]]:
        for path, storage in super().list(ignore_patterns):
            if should_minify(path):
                if MinifyingFinder._copies is None:
                    MinifyingFinder._copies = _MinifiedCopies()
                MinifyingFinder._copies.copy(path, storage.path(path))
                yield path, MinifyingFinder._copies.storage
            else:
                yield path, storage
