"""The permission matrix, driven from ONE table: group (persona) × grant (the forum and what
its groups are given) × action × surface (page, API).

The world: five forums, each with a thread started by ``writer`` (an administrator):

* ``A`` public; the ``punished`` group says never to replying and starting threads here;
  ``forum_mod`` moderates it (a per-forum moderator, member setting);
* ``B`` public; ``M`` members only; ``S`` staff only (the visibility presets);
* ``P`` private; the ``team`` group says yes to view, read, reply and start threads.

Actions: ``read`` the thread, ``reply`` to it, ``start`` a thread in the forum, ``edit`` the
writer's post (only moderators of the forum may). Outcomes: ``ok``; ``404`` (hidden: on
every surface); ``403`` (visible, not allowed); ``in`` (sign in first: the page sends to
the sign-in form, the API answers 401); ``in404`` (a guest writing where they cannot even
see: the page asks to sign in first, the API answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings as SettingsWrapper

from pnyx.accounts.models import Member
from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.groups.services import (
    add_member,
    create_group,
    set_forum_moderator,
    set_forum_permissions,
)
from pnyx.testing.api import ApiClient
from pnyx.testing.factories import first_post, make_forum, make_member, make_thread, make_token
from pnyx.threads.models import Thread

pytestmark = pytest.mark.django_db

ACTIONS = ("read", "reply", "start", "edit")
FORUMS = ("A", "B", "M", "S", "P")

# persona  forum  read  reply  start  edit
TABLE = """
guest      A      ok    in     in     in
guest      B      ok    in     in     in
guest      M      404   in404  in404  in404
guest      S      404   in404  in404  in404
guest      P      404   in404  in404  in404
member     A      ok    ok     ok     403
member     B      ok    ok     ok     403
member     M      ok    ok     ok     403
member     S      404   404    404    404
member     P      404   404    404    404
moderator  A      ok    ok     ok     ok
moderator  B      ok    ok     ok     ok
moderator  M      ok    ok     ok     ok
moderator  S      ok    ok     ok     ok
moderator  P      404   404    404    404
admin      A      ok    ok     ok     ok
admin      B      ok    ok     ok     ok
admin      M      ok    ok     ok     ok
admin      S      ok    ok     ok     ok
admin      P      ok    ok     ok     ok
forum_mod  A      ok    ok     ok     ok
forum_mod  B      ok    ok     ok     403
forum_mod  M      ok    ok     ok     403
forum_mod  S      404   404    404    404
forum_mod  P      404   404    404    404
team       A      ok    ok     ok     403
team       B      ok    ok     ok     403
team       M      ok    ok     ok     403
team       S      404   404    404    404
team       P      ok    ok     ok     403
punished   A      ok    403    403    403
punished   B      ok    ok     ok     403
punished   M      ok    ok     ok     403
punished   S      404   404    404    404
punished   P      404   404    404    404
"""


def _rows() -> dict[tuple[str, str], dict[str, str]]:
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for line in TABLE.strip().splitlines():
        persona, forum, *outcomes = line.split()
        assert len(outcomes) == len(ACTIONS), line
        rows[(persona, forum)] = dict(zip(ACTIONS, outcomes, strict=True))
    return rows


ROWS = _rows()
PERSONAS = tuple(dict.fromkeys(persona for persona, _forum in ROWS))
SURFACES = ("page", "api")

PAGE_STATUS = {"ok": 200, "404": 404, "403": 403, "in": 302, "in404": 302}
API_STATUS = {"404": 404, "403": 403, "in": 401, "in404": 404}
API_OK = {"read": 200, "reply": 201, "start": 201, "edit": 200}


def test_the_table_covers_every_persona_and_forum() -> None:
    assert set(ROWS) == {(persona, forum) for persona in PERSONAS for forum in FORUMS}


@dataclass
class World:
    forums: dict[str, Forum]
    threads: dict[str, Thread]
    personas: dict[str, Member | None]


@pytest.fixture
def world(settings: SettingsWrapper, admin: Member, moderator: Member) -> World:
    settings.API_WRITE_RATE = None
    settings.API_ADDRESS_WRITE_RATE = None
    forums = {
        "A": make_forum(name="Defence"),
        "B": make_forum(name="Elections"),
        "M": make_forum(name="Lounge", visibility=Visibility.MEMBERS),
        "S": make_forum(name="Staff room", visibility=Visibility.STAFF),
        "P": make_forum(name="Team room", visibility=Visibility.PRIVATE),
    }
    team = create_group(admin, title="Team")
    punished = create_group(admin, title="Punished")
    set_forum_permissions(
        admin,
        forums["P"],
        team,
        {"view": "yes", "read": "yes", "reply": "yes", "start_thread": "yes"},
    )
    set_forum_permissions(admin, forums["A"], punished, {"reply": "never", "start_thread": "never"})
    personas: dict[str, Member | None] = {
        "guest": None,
        "member": make_member(username="plain"),
        "moderator": moderator,
        "admin": admin,
        "forum_mod": make_member(username="defence_mod"),
        "team": make_member(username="teammate"),
        "punished": make_member(username="punished"),
    }
    set_forum_moderator(admin, forums["A"], personas["forum_mod"], moderates=True)  # type: ignore[arg-type]
    add_member(admin, team, personas["team"])  # type: ignore[arg-type]
    add_member(admin, punished, personas["punished"])  # type: ignore[arg-type]
    writer = make_member(username="writer", is_superuser=True)  # posts everywhere
    threads = {key: make_thread(forum, author=writer) for key, forum in forums.items()}
    return World(forums, threads, personas)


def _page(client: Client, world: World, forum_key: str, action: str) -> int:
    thread = world.threads[forum_key]
    forum = world.forums[forum_key]
    url = {
        "read": thread.get_absolute_url(),
        "reply": f"/threads/{thread.pk}-{thread.slug}/reply/",
        "start": f"/forums/{forum.pk}-{forum.slug}/new-thread/",
        "edit": f"/posts/{first_post(thread).pk}/edit/",
    }[action]
    status: int = client.get(url).status_code
    return status


def _api(api: ApiClient, world: World, forum_key: str, action: str) -> int:
    thread = world.threads[forum_key]
    response: Any
    if action == "read":
        response = api.get(f"/threads/{thread.pk}")
    elif action == "reply":
        response = api.post(f"/threads/{thread.pk}/posts", {"body": "A reply from the matrix."})
    elif action == "start":
        response = api.post(
            "/threads",
            {"forum_id": world.forums[forum_key].pk, "title": "Matrix", "body": "Opening."},
        )
    else:
        response = api.send(
            "PATCH", f"/posts/{first_post(thread).pk}", {"body": "Edited by the matrix."}
        )
    status: int = response.status_code
    return status


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona: str, surface: str, world: World) -> None:
    member = world.personas[persona]
    found: dict[tuple[str, str], int] = {}
    wanted: dict[tuple[str, str], int] = {}
    if surface == "page":
        client = Client()
        if member is not None:
            client.force_login(member)
    else:
        api = ApiClient(make_token(member) if member is not None else None)
    for forum_key in FORUMS:
        for action in ACTIONS:
            outcome = ROWS[(persona, forum_key)][action]
            if surface == "page":
                wanted[(forum_key, action)] = PAGE_STATUS[outcome]
                found[(forum_key, action)] = _page(client, world, forum_key, action)
            else:
                wanted[(forum_key, action)] = (
                    API_OK[action] if outcome == "ok" else API_STATUS[outcome]
                )
                found[(forum_key, action)] = _api(api, world, forum_key, action)
    assert found == wanted
