"""Writing posts: start a thread, reply, edit, preview, and the drafts behind them.

Each function is one user action: it checks permission first, runs in one transaction,
keeps every denormalised counter exact, publishes what changed (``pnyx.core.events``) on
commit, and is safe to retry: a submission carries an idempotency key, and the same key
from the same member returns the post it already created.

One module per job:

* ``validation``: what text, titles, drafts and form keys may be; rendering and preview.
* ``posts``: the one write path that saves and counts a new post (threads and replies).
* ``keys``: finding a resubmitted form's post, refusing a key reused for other text.
* ``threads``: ``create_thread``. ``replies``: ``reply_to_thread``, ``quote_source``.
* ``edits``: ``edit_post``. ``drafts``: ``save_draft`` and emptying a draft once posted.
* ``deletions``: ``delete_post``, ``delete_thread``; ``counters``: ``repair_counters``, the
  same counters recomputed from the rows.
"""

from __future__ import annotations

from pnyx.posting.services.counters import repair_counters
from pnyx.posting.services.deletions import delete_post, delete_thread
from pnyx.posting.services.drafts import save_draft
from pnyx.posting.services.edits import edit_post
from pnyx.posting.services.replies import quote_source, reply_to_thread
from pnyx.posting.services.threads import create_thread
from pnyx.posting.services.validation import (
    BODY_MAX,
    TITLE_MAX,
    clean_body,
    clean_title,
    preview_post,
    render_for,
)

__all__ = [
    "BODY_MAX",
    "TITLE_MAX",
    "clean_body",
    "clean_title",
    "create_thread",
    "delete_post",
    "delete_thread",
    "edit_post",
    "preview_post",
    "quote_source",
    "render_for",
    "repair_counters",
    "reply_to_thread",
    "save_draft",
]
