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
    # Every account starts as a pupil's; a site administrator grants the
    # teacher's role, or a school's teacher invitation code does.
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STUDENT)
    # An accommodation (WCAG 2.2.1, timing adjustable): timed quizzes give this
    # pupil this much more time. Set by a teacher or an administrator.
    extra_time_percent = models.PositiveSmallIntegerField(
        _("extra time (%)"),
        default=0,
        help_text=_("Timed quizzes give this pupil this much more time, e.g. 50 or 100."),
    )

    # Moves on when the user logs out: sessions begun before no longer count.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class TeacherInvitation(models.Model):
    """A code a site administrator makes for a school's teachers: signing up
    with it, or entering it once logged in, makes the account a teacher's."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For whom: a school, a department.")
    )
    uses_left = models.PositiveIntegerField(
        _("uses left"), default=30, help_text=_("How many more accounts it can make teachers.")
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("teacher invitation")
        verbose_name_plural = _("teacher invitations")

    def __str__(self) -> str:
        return self.note or self.code


class RateCounter(models.Model):
    """Tries at something (logging in, joining a class) counted per scope and
    key in a fixed window. The count is raised by one ``UPDATE … count + 1``,
    so tries made at the same moment are all counted, on every worker."""

    name = models.CharField(max_length=100, unique=True)  # scope:digest of the key
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)  # the window's end, set when it starts

    def __str__(self) -> str:
        return f"{self.name}: {self.count}"
