"""A teacher's pages: classrooms, assignments and reports. A teacher sees and
changes only their own: anything else is 404."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.core.codes import display_code
from quizzes.forms_teacher import AssignmentForm, ClassroomForm, ExtensionForm
from quizzes.models import Extension
from quizzes.selectors.classrooms import (
    assignment_for_teacher,
    classroom_for_teacher,
    classrooms_for_teacher,
)
from quizzes.selectors.leaderboards import board_version, classroom_boards
from quizzes.selectors.reports import article_heatmap, assignment_grid, question_stats
from quizzes.services.classrooms import (
    board_visibility_set,
    classroom_assign,
    classroom_create,
    classroom_regenerate_code,
    extension_remove,
    extension_set,
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
    return render(
        request,
        "teacher/dashboard.html",
        {"classrooms": classrooms_for_teacher(request.user), "form": form},
    )


@teacher_required
@require_GET
def classroom_detail(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, pk)
    join_url = request.build_absolute_uri(f"/join/{classroom.join_code}/")
    return render(
        request,
        "teacher/classroom.html",
        {
            "classroom": classroom,
            "code": display_code(classroom.join_code),
            "join_url": join_url,
            "members": classroom.memberships.select_related("student"),
            "assignments": classroom.assignments.select_related("question_set"),
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
    return render(
        request,
        "teacher/assignment.html",
        {
            "assignment": assignment,
            "grid": assignment_grid(assignment),
            "stats": question_stats(assignment),
            "heatmap": article_heatmap(assignment),
            "extensions": assignment.extensions.all(),
            "form": form,
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
                _cell(row["membership"].nickname),
                _cell(row["membership"].student.get_username()),
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


def _cell(text: str) -> str:
    """Keep spreadsheet programs from reading a pupil's name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
