"""Page views of the discussion: ``reading`` (thread, post, member pages) and ``writing``
(composer: new thread, reply, edit, preview)."""
