"""A teacher's pages: classrooms, assignments and reports. A teacher sees and
changes only their own: anything else is 404."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.core.codes import display_code
from quizzes.formats.spreadsheet import safe_cell
from quizzes.forms_teacher import AssignmentForm, ClassroomForm, ExtensionForm
from quizzes.models import Extension
from quizzes.selectors.attempts import attempt_items_with_feedback
from quizzes.selectors.classrooms import (
    assignment_for_teacher,
    assignment_in_use,
    classroom_for_teacher,
    classroom_in_use,
    classrooms_for_teacher,
)
from quizzes.selectors.leaderboards import board_version, classroom_boards
from quizzes.selectors.live import running_games
from quizzes.selectors.live_results import classroom_games, recent_games
from quizzes.selectors.reports import (
    assignment_grid,
    assignment_report,
    attempt_for_teacher,
    attempt_nickname,
)
from quizzes.services.assignments import (
    assignment_restore,
    assignment_update,
    assignment_withdraw,
    classroom_assign,
    extension_remove,
    extension_set,
)
from quizzes.services.classrooms import (
    board_visibility_set,
    classroom_create,
    classroom_regenerate_code,
    classroom_rename,
    classroom_restore,
    classroom_withdraw,
    join_signature,
    membership_remove,
)

from .decorators import teacher_required


@teacher_required
@require_http_methods(["GET", "POST"])
def dashboard(request: HttpRequest) -> HttpResponse:
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = classroom_create(teacher=request.user, name=form.cleaned_data["name"])
        return redirect("teacher_classroom", pk=classroom.pk)
    classrooms = list(classrooms_for_teacher(request.user))
    return render(
        request,
        "teacher/dashboard.html",
        {
            "classrooms": [c for c in classrooms if c.archived_at is None],
            "archived": [c for c in classrooms if c.archived_at is not None],
            "games": recent_games(request.user),
            "form": form,
            "running_games": list(running_games(request.user)),
        },
    )


@teacher_required
@require_GET
def classroom_detail(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    join_url = request.build_absolute_uri(
        reverse("join_link", args=[classroom.join_code, join_signature(classroom.join_code)])
    )
    return render(
        request,
        "teacher/classroom.html",
        {
            "classroom": classroom,
            "code": display_code(classroom.join_code),
            "join_url": join_url,
            "members": classroom.memberships.select_related("student"),
            "assignments": classroom.assignments.select_related("question_set"),
            "games": classroom_games(classroom),
            **classroom_boards(
                classroom=classroom, version=board_version(classroom), viewer_id=None
            ),
        },
    )


@teacher_required
@require_POST
def classroom_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    classroom_regenerate_code(classroom=classroom_for_teacher(request.user, pk))
    return redirect("teacher_classroom", pk=pk)


@teacher_required
@require_POST
def classroom_remove(request: HttpRequest, pk: int, student_id: int) -> HttpResponse:
    membership_remove(classroom=classroom_for_teacher(request.user, pk), student_id=student_id)
    return redirect("teacher_classroom", pk=pk)


@teacher_required
@require_POST
def classroom_board_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    board_visibility_set(classroom=classroom, visible=request.POST.get("visible") == "1")
    return redirect("teacher_classroom", pk=pk)


@teacher_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    form = AssignmentForm(
        request.POST or None,
        teacher=request.user,
        initial={"opens_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        assignment = classroom_assign(classroom=classroom, assignment=form.save(commit=False))
        return redirect("teacher_assignment", pk=assignment.pk)
    return render(request, "teacher/assignment_form.html", {"classroom": classroom, "form": form})


@teacher_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_teacher(request.user, pk)
    form = ExtensionForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        extension_set(
            assignment=assignment,
            student=form.cleaned_data["student"],
            extra_minutes=form.cleaned_data["extra_minutes"],
            due_at=form.cleaned_data["due_at"],
        )
        return redirect("teacher_assignment", pk=pk)
    report = assignment_report(assignment)
    nicknames = {
        row["membership"].student_id: row["membership"].nickname for row in report["grid"]["rows"]
    }
    return render(
        request,
        "teacher/assignment.html",
        {
            "assignment": assignment,
            **report,
            "answered_paragraphs": [p for p in report["heatmap"] if p["answers"]],
            "extensions": [
                (extension, nicknames.get(extension.student_id, ""))
                for extension in assignment.extensions.all()
            ],
            "form": form,
        },
    )


@teacher_required
@require_GET
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One pupil's attempt as the teacher sees it: every answer against the key."""
    attempt = attempt_for_teacher(request.user, pk)
    return render(
        request,
        "teacher/attempt.html",
        {
            "attempt": attempt,
            "nickname": attempt_nickname(attempt),
            "teacher_view": True,
            "views": attempt_items_with_feedback(attempt),
        },
    )


@teacher_required
@require_GET
def assignment_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_teacher(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="assignment-{assignment.pk}-grades.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the Kazakh letters right
    writer = csv.writer(response)
    writer.writerow(["name", "username", "attempts", "grade_percent", "last_finished"])
    for row in assignment_grid(assignment)["rows"]:
        attempts = row["attempts"]
        writer.writerow(
            [
                safe_cell(row["membership"].nickname),
                safe_cell(row["membership"].student.get_username()),
                len(attempts),
                "" if row["grade"] is None else row["grade"],
                timezone.localtime(attempts[-1].finished_at).isoformat() if attempts else "",
            ]
        )
    return response


@teacher_required
@require_POST
def extension_delete(request: HttpRequest, pk: int, extension_id: int) -> HttpResponse:
    assignment = assignment_for_teacher(request.user, pk)
    extension_remove(extension=get_object_or_404(Extension, pk=extension_id, assignment=assignment))
    return redirect("teacher_assignment", pk=pk)


def _confirm(request: HttpRequest, **context: Any) -> HttpResponse:
    """Ask before something is deleted or archived; the answer posts back."""
    return render(request, "teacher/confirm.html", context)


def _withdrawn_message(request: HttpRequest, outcome: str, archived: str, deleted: str) -> None:
    messages.success(request, archived if outcome == "archived" else deleted)


@teacher_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_teacher(request.user, pk)
    form = AssignmentForm(request.POST or None, instance=assignment, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        assignment_update(
            assignment=assignment_for_teacher(request.user, pk), changes=form.cleaned_data
        )
        messages.success(request, _("The assignment was saved."))
        return redirect("teacher_assignment", pk=pk)
    return render(
        request,
        "teacher/assignment_form.html",
        {"classroom": assignment.classroom, "form": form, "assignment": assignment},
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def assignment_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_for_teacher(request.user, pk)
    if request.method == "POST":
        outcome = assignment_withdraw(assignment=assignment, now=timezone.now())
        _withdrawn_message(
            request,
            outcome,
            _("The assignment was archived: pupils no longer see it; its work and report stay."),
            _("The assignment was deleted."),
        )
        if outcome == "archived":
            return redirect("teacher_assignment", pk=pk)
        return redirect("teacher_classroom", pk=assignment.classroom_id)
    in_use = assignment_in_use(assignment)
    return _confirm(
        request,
        heading=_("Archive the assignment?") if in_use else _("Delete the assignment?"),
        name=assignment.question_set.title,
        consequence=_(
            "Pupils have attempts of it: it will be archived. Pupils will no longer see it "
            "or start it; their attempts, grades and the report stay, and you can restore it."
        )
        if in_use
        else _("Nobody has started it yet: it will be deleted."),
        button=_("Archive") if in_use else _("Delete"),
        back_url=reverse("teacher_assignment", args=[pk]),
    )


@teacher_required
@require_POST
def assignment_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment_restore(assignment=assignment_for_teacher(request.user, pk))
    messages.success(request, _("The assignment is back on the pupils' lists."))
    return redirect("teacher_assignment", pk=pk)


@teacher_required
@require_http_methods(["GET", "POST"])
def classroom_edit(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    form = ClassroomForm(request.POST or None, instance=classroom)
    if request.method == "POST" and form.is_valid():
        classroom_rename(
            classroom=classroom_for_teacher(request.user, pk), name=form.cleaned_data["name"]
        )
        messages.success(request, _("The classroom was renamed."))
        return redirect("teacher_classroom", pk=pk)
    return render(request, "teacher/classroom_form.html", {"classroom": classroom, "form": form})


@teacher_required
@require_http_methods(["GET", "POST"])
def classroom_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    if request.method == "POST":
        outcome = classroom_withdraw(classroom=classroom, now=timezone.now())
        _withdrawn_message(
            request,
            outcome,
            _("The classroom was archived: its code no longer works; its work stays."),
            _("The classroom was deleted."),
        )
        return redirect("teacher_dashboard")
    in_use = classroom_in_use(classroom)
    return _confirm(
        request,
        heading=_("Archive the classroom?") if in_use else _("Delete the classroom?"),
        name=classroom.name,
        consequence=_(
            "Its pupils have attempts: it will be archived. Its code will stop working and it "
            "will leave your and the pupils' lists; attempts, grades and reports stay, and you "
            "can restore it."
        )
        if in_use
        else _(
            "Nobody has started an assignment in it: it will be deleted, with its roster "
            "and assignments."
        ),
        button=_("Archive") if in_use else _("Delete"),
        back_url=reverse("teacher_classroom", args=[pk]),
    )


@teacher_required
@require_POST
def classroom_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom_restore(classroom=classroom_for_teacher(request.user, pk))
    messages.success(request, _("The classroom is back, with its code."))
    return redirect("teacher_classroom", pk=pk)
