"""The forum admin: forums nest to any depth, but never inside themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from pnyx.forums.enums import Visibility
from pnyx.forums.models import Forum
from pnyx.testing.factories import make_forum

pytestmark = pytest.mark.django_db

CYCLE = "A forum cannot be inside itself or one of its own subforums."


def _change(admin_client: Client, forum: Forum, parent: Forum | None) -> bytes:
    response = admin_client.post(
        f"/admin/forums/forum/{forum.pk}/change/",
        {
            "category": forum.category_id,
            "parent": parent.pk if parent else "",
            "name": forum.name,
            "slug": forum.slug,
            "description": "",
            "position": 0,
            "visibility": forum.visibility,
        },
    )
    assert response.status_code in (200, 302)
    return response.content if response.status_code == 200 else b""


@pytest.fixture
def chain(db: None) -> tuple[Forum, Forum, Forum]:
    top = make_forum(name="World")
    middle = make_forum(parent=top, name="Europe")
    return top, middle, make_forum(parent=middle, name="Balkans")


def test_admin_refuses_to_put_a_forum_under_its_own_grandchild(
    admin_client: Client, chain: tuple[Forum, Forum, Forum]
) -> None:
    top, _, bottom = chain

    page = _change(admin_client, top, bottom)

    assert CYCLE.encode() in page
    top.refresh_from_db()
    assert top.parent_id is None


def test_admin_refuses_to_make_a_forum_its_own_parent(
    admin_client: Client, chain: tuple[Forum, Forum, Forum]
) -> None:
    _, middle, _ = chain

    page = _change(admin_client, middle, middle)

    assert CYCLE.encode() in page
    middle.refresh_from_db()
    assert middle.parent_id == chain[0].pk


def test_admin_moves_a_forum_anywhere_else_in_the_tree(
    admin_client: Client, chain: tuple[Forum, Forum, Forum]
) -> None:
    _, middle, bottom = chain
    elsewhere = make_forum(name="Asia", visibility=Visibility.MEMBERS)

    assert _change(admin_client, middle, elsewhere) == b""  # saved: a redirect

    middle.refresh_from_db()
    assert middle.parent_id == elsewhere.pk
    assert bottom.ancestor_ids() == [middle.pk, elsewhere.pk]


def test_full_clean_refuses_cycles_outside_the_admin_too(chain: tuple[Forum, Forum, Forum]) -> None:
    top, _, bottom = chain
    top.parent = bottom

    with pytest.raises(ValidationError) as caught:
        top.full_clean()

    assert caught.value.message_dict == {"parent": [CYCLE]}
