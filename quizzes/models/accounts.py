from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What the app keeps about a user beyond Django's auth: the role."""

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STUDENT)
    # An accommodation (WCAG 2.2.1, timing adjustable): timed quizzes give this
    # pupil this much more time. Set by a teacher or an administrator.
    extra_time_percent = models.PositiveSmallIntegerField(
        _("extra time (%)"),
        default=0,
        help_text=_("Timed quizzes give this pupil this much more time, e.g. 50 or 100."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"
