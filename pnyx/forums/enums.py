from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone, guests included")
    MEMBERS = "members", _("Signed-in members")
    STAFF = "staff", _("Staff only")
    # Presets of the groups' permissions (pnyx.groups): a private forum denies every group
    # but Administrators until a group is given access; "inherit" takes what each group has
    # in the parent forum.
    PRIVATE = "private", _("Private: only the groups given access")
    INHERIT = "inherit", _("As the parent forum (per-group permissions)")
