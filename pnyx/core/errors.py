"""Domain errors. Pages map them to form errors or statuses in one place (core.views)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied


class PnyxError(Exception):
    """An expected failure of a user action; ``message`` is safe to show to that user."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EditConflictError(PnyxError):
    """Someone saved the post after the editor opened it; nothing was overwritten."""

    code = "conflict"

    def __init__(self, message: str, *, current_source: str, current_revision: int) -> None:
        super().__init__(message)
        self.current_source = current_source
        self.current_revision = current_revision


class DraftConflictError(PnyxError):
    """Another window saved (or posted) this draft since this one last did; nothing was
    overwritten. Carries the draft as it is now."""

    code = "draft_conflict"

    def __init__(self, message: str, *, title: str, body: str, sequence: int) -> None:
        super().__init__(message)
        self.title = title
        self.body = body
        self.sequence = sequence


class FormKeyReusedError(PnyxError):
    """A form's key (its idempotency key) was sent again with different text: the first
    submission stands, and the new text is not posted under the old key."""

    code = "idempotency_key_reused"


class SanctionedError(PermissionDenied):
    """The member may not do this because of a sanction (a ban, a posting restriction, a
    reply ban: ``pnyx.sanctions``); the message says why, ``until`` when it ends (None:
    permanent). Pages show it (403), the API answers 403 with ``code`` and ``until``."""

    def __init__(self, message: str, *, code: str, until: datetime | None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.until = until
