from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .classrooms import Membership


class SigninCard(models.Model):
    """A pupil's printed sign-in card for one classroom: a link (as a QR code)
    and a short code to type with the class code. Only their SHA-256 digests
    are kept: the card is shown once, when it is made, and a new card
    replaces the old one at once. Leaving the class takes the card with it."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="card")
    link_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in card")
        verbose_name_plural = _("sign-in cards")

    def __str__(self) -> str:
        return f"card of {self.membership}"
