from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sets import QuestionSet


class Classroom(models.Model):
    """A teacher's class. Pupils join it with its code or link."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms"
    )
    name = models.CharField(_("name"), max_length=100)
    join_code = models.CharField(_("join code"), max_length=16, unique=True)
    leaderboard_visible = models.BooleanField(_("leaderboard visible to pupils"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Raised in the same transaction as every write that shows on a board:
    # the boards' version. Two writers raise it one after the other (the row
    # is locked), so it follows the order of their commits, as a timestamp
    # taken before the commit would not.
    board_rev = models.PositiveIntegerField(default=0, editable=False)
    # An archived classroom keeps its pupils' work but takes no one new and
    # leaves the teacher's and the pupils' lists.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("classroom")
        verbose_name_plural = _("classrooms")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A pupil in a classroom, under the name the classmates see."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    nickname = models.CharField(_("name shown to the class"), max_length=40)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["nickname"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "student"], name="member_once"),
            models.UniqueConstraint(
                fields=["classroom", "nickname"], name="nickname_unique_in_class"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nickname} @ {self.classroom_id}"


class Assignment(models.Model):
    """A question set given to a classroom, with its rules."""

    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")
        FIRST = "first", _("First attempt")
        AVERAGE = "average", _("Average of attempts")

    class Feedback(models.TextChoices):
        EACH = "each", _("Immediately, after each question")
        END = "end", _("After submitting")
        AFTER_DUE = "after_due", _("After the due date")

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, related_name="assignments"
    )
    opens_at = models.DateTimeField(_("opens"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0 for no limit.")
    )
    grading = models.CharField(
        _("grading method"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    time_limit = models.PositiveIntegerField(_("time limit (minutes)"), null=True, blank=True)
    feedback = models.CharField(
        _("feedback"), max_length=10, choices=Feedback.choices, default=Feedback.END
    )
    shuffle = models.BooleanField(_("shuffle questions"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Archived: no longer on pupils' lists and not to be started; its
    # attempts, results and report stay.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.question_set} → {self.classroom}"


class Extension(models.Model):
    """More time, or a later due date, for one pupil on one assignment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    due_at = models.DateTimeField(_("own due date"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="extension_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.student_id}"


class AssignmentResult(models.Model):
    """A pupil's standing on an assignment, kept up to date as attempts finish,
    so a leaderboard reads one row per pupil whatever the number of attempts."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="results")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    grade = models.FloatField(default=0)  # 0..1 by the assignment's grading method
    achieved_at = models.DateTimeField()  # when the grade was reached: ties go to the earlier
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="result_once")
        ]
        indexes = [models.Index(fields=["assignment", "-grade", "achieved_at"])]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.student_id}: {self.grade:.2f}"
