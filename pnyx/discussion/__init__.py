"""The discussion pages: a thread as its reader sees it (posts, member cards, reactions, the
reader's permissions) and the composer that writes in it.

This is where threads, reactions and posting meet, so it sits above all three
(``[tool.importlinter]`` in pyproject.toml): ``presenters`` builds the thread page's view
model once per page flow (``read_thread_page``, ``read_posts_after``, ``get_post_item``) for
the pages and the JSON API alike; ``views.reading`` serves the thread, post, quote, history
and member pages; ``views.writing`` serves new threads, replies, edits and previews. The
models, rules and writes stay in their apps (``pnyx.threads``, ``pnyx.reactions``,
``pnyx.posting``); templates stay beside the app whose objects they show.
"""
