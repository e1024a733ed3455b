"""Reactions: add, remove and toggle, keeping post counts and Reaction scores exact."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from pnyx.accounts.models import Member
from pnyx.core.actors import Actor, require_member
from pnyx.core.events import ReactionChanged, SettingsChanged, deliver, publish_on_commit
from pnyx.reactions.enums import DEFAULT_WEIGHTS, ReactionKind
from pnyx.reactions.models import Reaction, ReactionWeight
from pnyx.reactions.permissions import check_react_to_post
from pnyx.threads.models import Post

WEIGHTS_CACHE_KEY = "reaction-weights:v1"


def get_reaction_weights() -> dict[str, int]:
    weights = cache.get(WEIGHTS_CACHE_KEY)
    if isinstance(weights, dict):
        return weights
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(ReactionWeight.objects.values_list("kind", "weight"))
    cache.set(WEIGHTS_CACHE_KEY, weights, timeout=300)
    return weights


def clean_kind(kind: str) -> ReactionKind:
    try:
        return ReactionKind(kind)
    except ValueError:
        raise ValidationError({"kind": _("Unknown reaction.")}, code="invalid") from None


def recount_post_reactions(post_id: int) -> dict[str, int]:
    counts = dict(
        Reaction.objects.filter(post_id=post_id)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    Post.objects.filter(pk=post_id).update(reaction_counts=counts)
    return counts


def set_reaction(actor: Actor, post: Post, kind: str, *, on: bool) -> bool:
    """Make ``actor``'s reaction of ``kind`` on ``post`` present (on) or absent.

    Idempotent: asking for the state that already holds changes nothing. Returns
    whether anything changed.
    """
    check_react_to_post(actor, post)
    member = require_member(actor)
    reaction_kind = clean_kind(kind)
    weight = get_reaction_weights().get(reaction_kind.value, 0)
    with transaction.atomic():
        # Lock the post so concurrent reactions on it are counted one after another.
        Post.objects.select_for_update().filter(pk=post.pk).values_list("pk", flat=True).first()
        if on:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, member=member, kind=reaction_kind)
            except IntegrityError:
                return False
            delta = weight
        else:
            deleted, _ = Reaction.objects.filter(
                post=post, member=member, kind=reaction_kind
            ).delete()
            if not deleted:
                return False
            delta = -weight
        post.reaction_counts = recount_post_reactions(post.pk)
        publish_on_commit(
            ReactionChanged(
                kind="added" if on else "removed",
                post_id=post.pk,
                thread_id=post.thread_id,
                member_id=member.pk,
                reaction=reaction_kind.value,
                actor_id=member.pk,
            )
        )
        if delta and post.author_id is not None:
            Member.objects.filter(pk=post.author_id).update(
                reaction_score=F("reaction_score") + delta
            )
    return True


def toggle_reaction(actor: Actor, post: Post, kind: str) -> bool:
    """Add the reaction if absent, remove it if present. Returns True when it is now on."""
    member = require_member(actor)
    present = Reaction.objects.filter(post=post, member=member, kind=kind).exists()
    set_reaction(actor, post, kind, on=not present)
    return not present


def recompute_reaction_scores() -> int:
    """Recompute every member's Reaction score from the reactions table (after a weight
    change, or as a repair). Returns the number of members updated."""
    cache.delete(WEIGHTS_CACHE_KEY)
    weights = get_reaction_weights()
    weighted = Case(
        *[When(kind=kind, then=Value(weight)) for kind, weight in weights.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    totals = (
        Reaction.objects.filter(post__author=OuterRef("pk"))
        .values("post__author")
        .annotate(total=Sum(weighted))
        .values("total")
    )
    return Member.objects.update(
        reaction_score=Coalesce(Subquery(totals, output_field=IntegerField()), Value(0))
    )


def set_reaction_weight(kind: str, weight: int) -> None:
    reaction_kind = clean_kind(kind)
    with transaction.atomic():
        ReactionWeight.objects.update_or_create(kind=reaction_kind, defaults={"weight": weight})
        transaction.on_commit(_recompute_scores_everywhere)


def _recompute_scores_everywhere() -> None:
    recompute_reaction_scores()
    # This already runs after commit: deliver now, once the new scores are written.
    deliver(SettingsChanged(kind="reaction_weights"))


# ---------------------------------------------------------------- deletions elsewhere
# Receivers (connected in ReactionsConfig.ready) that keep Reaction scores and post counts
# exact when posts or members are deleted, inside the deleting transaction.


def on_posts_deleting(sender: object, *, posts: QuerySet[Post], **kwargs: object) -> None:
    """``posts`` are about to be deleted: their reactions leave their authors' scores."""
    weights = get_reaction_weights()
    totals: dict[int, int] = {}
    rows = (
        Reaction.objects.filter(post__in=posts, post__author__isnull=False)
        .values_list("post__author_id", "kind")
        .annotate(n=Count("id"))
    )
    for author_id, kind, n in rows:
        totals[author_id] = totals.get(author_id, 0) + weights.get(kind, 0) * n
    for author_id, total in totals.items():
        if total:
            Member.objects.filter(pk=author_id).update(reaction_score=F("reaction_score") - total)


def on_member_deleting(sender: object, *, instance: Member, **kwargs: object) -> None:
    """A member is about to be deleted: their reactions are taken back, as if one by one
    (the posts' counts and their authors' scores drop)."""
    mine = Reaction.objects.filter(member=instance)
    rows = list(mine.values_list("post_id", "post__author_id", "kind"))
    if not rows:
        return
    mine.delete()
    for post_id in sorted({post_id for post_id, _author, _kind in rows}):
        recount_post_reactions(post_id)
    weights = get_reaction_weights()
    totals: dict[int, int] = {}
    for _post, author_id, kind in rows:
        if author_id is not None and author_id != instance.pk:
            totals[author_id] = totals.get(author_id, 0) + weights.get(kind, 0)
    for author_id, total in totals.items():
        if total:
            Member.objects.filter(pk=author_id).update(reaction_score=F("reaction_score") - total)
