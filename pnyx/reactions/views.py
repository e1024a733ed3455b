from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from pnyx.accounts.models import Member
from pnyx.core.actors import require_member
from pnyx.core.http import answers_rate_limits, wants_json
from pnyx.core.ratelimit import check_page_write
from pnyx.reactions.models import Reaction
from pnyx.reactions.presenters import reaction_counts
from pnyx.reactions.services import toggle_reaction
from pnyx.threads.selectors import get_post, post_url


@login_required
@require_POST
@answers_rate_limits
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    """Toggle one reaction. Answers JSON to scripts and redirects back to the post otherwise."""
    check_page_write(request, "reaction")
    post = get_post(request.user, post_id)
    kind = request.POST.get("kind", "")
    try:
        toggle_reaction(request.user, post, kind)
    except ValidationError:
        return (
            JsonResponse({"error": "Unknown reaction."}, status=400)
            if wants_json(request)
            else HttpResponse("Unknown reaction.", status=400, content_type="text/plain")
        )
    if wants_json(request):
        mine = set(
            Reaction.objects.filter(post=post, member=require_member(request.user)).values_list(
                "kind", flat=True
            )
        )
        score = (
            Member.objects.filter(pk=post.author_id or 0)
            .values_list("reaction_score", flat=True)
            .first()
        )
        response = JsonResponse(
            {
                "post_id": post.pk,
                "author": post.author.username if post.author else None,
                "author_reaction_score": score,
                "reactions": [
                    {"kind": r.kind, "count": r.count, "mine": r.mine}
                    for r in reaction_counts(post, mine)
                ],
            }
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return redirect(post_url(post))
