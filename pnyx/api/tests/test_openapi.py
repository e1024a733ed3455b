"""The committed OpenAPI document (docs/api/openapi-v1.json) is the live one.

After changing the API, regenerate it from the repository root with
``pnyx manage export_openapi`` (or ``python -m django export_openapi`` with the test
settings) and commit the file: the diff shows reviewers how the contract changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from pnyx.api.management.commands.export_openapi import openapi_document

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi-v1.json"


def test_committed_openapi_snapshot_matches_the_live_document() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == openapi_document(), (
        "docs/api/openapi-v1.json is out of date: run 'pnyx manage export_openapi' from the "
        "repository root and commit the file."
    )


def test_served_document_is_the_snapshot(client: Client) -> None:
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_document_covers_every_operation_with_errors_and_optional_auth() -> None:
    document = json.loads(openapi_document())
    operations = {
        (method.upper(), path): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert sorted(operations) == [
        ("DELETE", "/api/v1/conversations/{conversation_id}/participants/me"),
        ("DELETE", "/api/v1/forums/{forum_id}/watch"),
        ("DELETE", "/api/v1/groups/{group_id}/members/{username}"),
        ("DELETE", "/api/v1/posts/{post_id}/reactions/{kind}"),
        ("DELETE", "/api/v1/threads/{thread_id}/watch"),
        ("GET", "/api/v1/alerts"),
        ("GET", "/api/v1/categories"),
        ("GET", "/api/v1/conversations"),
        ("GET", "/api/v1/conversations/{conversation_id}"),
        ("GET", "/api/v1/forums/{forum_id}/threads"),
        ("GET", "/api/v1/groups"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/me/alert-preferences"),
        ("GET", "/api/v1/members/{username}"),
        ("GET", "/api/v1/moderation/log"),
        ("GET", "/api/v1/moderation/reports"),
        ("GET", "/api/v1/search"),
        ("GET", "/api/v1/threads/{thread_id}"),
        ("GET", "/api/v1/threads/{thread_id}/search"),
        ("GET", "/api/v1/whats-new"),
        ("PATCH", "/api/v1/posts/{post_id}"),
        ("PATCH", "/api/v1/threads/{thread_id}"),
        ("POST", "/api/v1/alerts/read"),
        ("POST", "/api/v1/conversations"),
        ("POST", "/api/v1/conversations/{conversation_id}/messages"),
        ("POST", "/api/v1/forums"),
        ("POST", "/api/v1/groups"),
        ("POST", "/api/v1/members/{username}/bans"),
        ("POST", "/api/v1/moderation/reports/{report_id}/resolve"),
        ("POST", "/api/v1/posts/{post_id}/reports"),
        ("POST", "/api/v1/threads"),
        ("POST", "/api/v1/threads/{thread_id}/posts"),
        ("PUT", "/api/v1/conversations/{conversation_id}/participants/{username}"),
        ("PUT", "/api/v1/forums/{forum_id}/permissions/{group_id}"),
        ("PUT", "/api/v1/forums/{forum_id}/watch"),
        ("PUT", "/api/v1/groups/{group_id}/members/{username}"),
        ("PUT", "/api/v1/me/alert-preferences"),
        ("PUT", "/api/v1/posts/{post_id}/reactions/{kind}"),
        ("PUT", "/api/v1/threads/{thread_id}/slow-mode"),
        ("PUT", "/api/v1/threads/{thread_id}/watch"),
    ]
    for (method, _path), operation in operations.items():
        assert operation["security"] == [{"TokenAuth": []}, {}]
        statuses = set(operation["responses"])
        assert {"401", "404", "422"} <= statuses
        if method != "GET":
            assert {"400", "403", "413", "415", "429"} <= statuses
            assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert document["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_export_openapi_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "openapi.json"
    with pytest.raises(CommandError, match="is out of date: run 'pnyx manage export_openapi'"):
        call_command("export_openapi", "--check", "--output", str(target))
    call_command("export_openapi", "--output", str(target))
    paths = json.loads(openapi_document())["paths"]
    operations = sum(len(methods) for methods in paths.values())
    assert (
        capsys.readouterr().out == f"Wrote {target}: {len(paths)} paths, {operations} operations.\n"
    )
    assert target.read_text(encoding="utf-8") == openapi_document()
    call_command("export_openapi", "--check", "--output", str(target))
    assert capsys.readouterr().out == f"{target} matches the live API.\n"
