"""The admin page for reaction weights: saving a weight recomputes every score."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from pnyx.accounts.models import Member
from pnyx.reactions.models import ReactionWeight
from pnyx.reactions.services import get_reaction_weights, set_reaction
from pnyx.testing.factories import first_post, make_member
from pnyx.threads.models import Thread

CHANGELIST = "/admin/reactions/reactionweight/"


def test_reaction_weight_admin_lists_the_five_kinds(admin_client: Client) -> None:
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    for kind in ("like", "agree", "disagree", "informative", "funny"):
        assert f'href="{CHANGELIST}{kind}/change/"'.encode() in response.content


def test_reaction_weight_admin_save_recomputes_scores(
    admin_client: Client,
    member: Member,
    other_member: Member,
    thread: Thread,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    post = first_post(thread)
    set_reaction(member, post, "disagree", on=True)
    set_reaction(make_member(), post, "disagree", on=True)
    set_reaction(member, post, "like", on=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"{CHANGELIST}disagree/change/", {"kind": "disagree", "weight": "-2"}
        )

    assert response.status_code == 302
    assert ReactionWeight.objects.get(kind="disagree").weight == -2
    assert get_reaction_weights()["disagree"] == -2
    other_member.refresh_from_db()
    assert other_member.reaction_score == -3


def test_reaction_weight_admin_rejects_weights_out_of_range(admin_client: Client) -> None:
    response = admin_client.post(f"{CHANGELIST}like/change/", {"kind": "like", "weight": "11"})

    assert response.status_code == 200  # the form again, with its error
    assert ReactionWeight.objects.get(kind="like").weight == 1


@pytest.mark.parametrize("kind", ["like", "funny"])
def test_reaction_weight_admin_cannot_delete(admin_client: Client, kind: str) -> None:
    response = admin_client.get(f"{CHANGELIST}{kind}/delete/")

    assert response.status_code == 403
    assert ReactionWeight.objects.filter(kind=kind).exists()


def test_reaction_weight_admin_is_closed_to_members(member_client: Client) -> None:
    response = member_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
