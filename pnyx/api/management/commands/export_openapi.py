"""Write the API's OpenAPI document (the committed snapshot), or check it is current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

SNAPSHOT = Path("docs/api/openapi-v1.json")


def openapi_document() -> str:
    """The live document, serialised the one way the snapshot is (stable key order)."""
    from pnyx.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = (
        "Write the OpenAPI document of /api/v1/ to docs/api/openapi-v1.json (run it from the "
        "repository root after changing the API, and commit the file); --check only compares."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(SNAPSHOT), help="file to write")
        parser.add_argument(
            "--check", action="store_true", help="exit 1 if the file differs from the live API"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        document = openapi_document()
        if options["check"]:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != document:
                raise CommandError(
                    f"{output} is out of date: run 'pnyx manage export_openapi' and commit it."
                )
            self.stdout.write(f"{output} matches the live API.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(document, encoding="utf-8")
        paths = json.loads(document)["paths"]
        operations = sum(len(methods) for methods in paths.values())
        self.stdout.write(f"Wrote {output}: {len(paths)} paths, {operations} operations.")
