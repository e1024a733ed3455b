from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone, guests included")
    MEMBERS = "members", _("Signed-in members")
    STAFF = "staff", _("Staff only")
