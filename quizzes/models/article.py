from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Paragraph(models.Model):
    """A paragraph of the clean article, numbered from 1."""

    number = models.PositiveIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self) -> str:
        return f"¶{self.number}"


class Sentence(models.Model):
    """A sentence of the article; ``anchor`` (``p3-s2``) is its stable address."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="sentences", verbose_name=_("paragraph")
    )
    number = models.PositiveIntegerField(_("number in paragraph"))
    anchor = models.CharField(_("anchor"), max_length=20, unique=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["paragraph__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "number"], name="sentence_unique_number"),
        ]
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")

    def __str__(self) -> str:
        return f"{self.anchor}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('article')}?highlight={self.anchor}#{self.anchor}"
