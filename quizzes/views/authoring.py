"""A teacher's question sets and own questions."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.advice import clash_message, finding_message
from quizzes.core.assembly import option_order
from quizzes.core.responses import option_count
from quizzes.formats import read_bank_file
from quizzes.formats.errors import FormatError
from quizzes.formats.gift import dump_gift
from quizzes.formats.jsonbank import dump_json
from quizzes.forms_teacher import BankFilterForm, PoolForm, QuestionForm, QuestionSetForm
from quizzes.models import AttemptItem, Question, QuestionSet, SetPool, SetQuestion
from quizzes.selectors.attempts import question_view
from quizzes.selectors.bank import question_export, set_clashes
from quizzes.services.authoring import (
    set_add_pool,
    set_add_question,
    set_import,
    teacher_question_save,
    teacher_set_create,
    teacher_set_update,
)
from quizzes.services.bank import BankError

from .decorators import teacher_required
from .student import MONTHS

PAGE = 30


def _own_set(request: HttpRequest, pk: int) -> QuestionSet:
    return get_object_or_404(QuestionSet, pk=pk, owner=request.user)


def _usable_questions(request: HttpRequest):
    return Question.objects.filter(Q(owner=None) | Q(owner=request.user))


@teacher_required
@require_http_methods(["GET", "POST"])
def set_list(request: HttpRequest) -> HttpResponse:
    form = QuestionSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question_set = teacher_set_create(teacher=request.user, form=form)
        return redirect("teacher_set", pk=question_set.pk)
    sets = QuestionSet.objects.filter(owner=request.user).prefetch_related(
        "pools", "fixed_questions"
    )
    own_questions = Question.objects.filter(owner=request.user)
    return render(
        request,
        "teacher/sets.html",
        {"sets": sets, "form": form, "own_questions": own_questions},
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    form = QuestionSetForm(request.POST or None, instance=question_set)
    if request.method == "POST" and form.is_valid():
        teacher_set_update(form=form)
        return redirect("teacher_set", pk=pk)
    filters = BankFilterForm(request.GET or None)
    bank = _usable_questions(request).exclude(
        pk__in=question_set.fixed_questions.values("question_id")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            bank = bank.filter(Q(prompt__icontains=data["q"]) | Q(explanation__icontains=data["q"]))
        for name in ("topic", "kind", "difficulty"):
            if data[name]:
                bank = bank.filter(**{name: data[name]})
    return render(
        request,
        "teacher/set.html",
        {
            "question_set": question_set,
            "form": form,
            "filters": filters,
            "bank": bank.order_by("topic", "pk")[:PAGE],
            "bank_count": bank.count(),
            "fixed": question_set.fixed_questions.select_related("question"),
            "pools": question_set.pools.all(),
            "pool_form": PoolForm(),
        },
    )


@teacher_required
@require_POST
def set_add(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    question = get_object_or_404(_usable_questions(request), pk=request.POST.get("question"))
    set_add_question(question_set=question_set, question=question)
    _warn_of_clashes(request, question_set, question)
    return redirect("teacher_set", pk=pk)


def _warn_of_clashes(
    request: HttpRequest, question_set: QuestionSet, question: Question, told: Iterable[str] = ()
) -> None:
    """Tell the teacher which enemies of the question the set already holds
    (except those ``told`` of already)."""
    for clash in set_clashes(question_set=question_set, question=question):
        if clash.other.key not in told:
            messages.warning(request, clash_message(question, clash))


@teacher_required
@require_POST
def set_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    get_object_or_404(SetQuestion, pk=item_id, question_set=question_set).delete()
    return redirect("teacher_set", pk=pk)


@teacher_required
@require_POST
def pool_add(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    form = PoolForm(request.POST)
    if form.is_valid():
        set_add_pool(question_set=question_set, data=form.cleaned_data)
        return redirect("teacher_set", pk=pk)
    return HttpResponse(_("That pool is not valid."), status=400)


@teacher_required
@require_POST
def pool_remove(request: HttpRequest, pk: int, pool_id: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    get_object_or_404(SetPool, pk=pool_id, question_set=question_set).delete()
    return redirect("teacher_set", pk=pk)


@teacher_required
@require_GET
def set_export(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    fixed = question_set.fixed_questions.select_related("question").prefetch_related(
        "question__enemies"
    )
    questions = [question_export(sq.question, with_enemies=True) for sq in fixed]
    if request.GET.get("format") == "gift":
        text, _skipped = dump_gift(questions)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="set-{pk}.gift.txt"'
        return response
    response = HttpResponse(dump_json(questions), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="set-{pk}.json"'
    return response


@teacher_required
@require_POST
def set_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    upload = request.FILES.get("file")
    error = ""
    if upload is None or upload.size > 2_000_000:
        error = _("Choose a JSON or GIFT file of at most 2 MB.")
    else:
        try:
            questions = read_bank_file(upload.name, upload.read().decode("utf-8"))
            count = set_import(question_set=question_set, teacher=request.user, questions=questions)
            return redirect(f"{request.path.rsplit('import/', 1)[0]}?imported={count}")
        except UnicodeDecodeError:
            error = _("The file is not UTF-8 text.")
        except FormatError as problem:
            error = str(problem)
        except BankError as problems:
            error = _("Nothing was imported:") + "\n" + str(problems)
    return render(
        request,
        "teacher/import_error.html",
        {"question_set": question_set, "error": error},
        status=400,
    )


def _preview(data: dict) -> dict:
    """The question as a pupil would see it, through the same template."""
    order = option_order(seed=0, question_id=0, count=option_count(data["kind"], data))
    item = AttemptItem(position=1, snapshot={"key": "preview", **data}, option_order=order)
    return question_view(item, show_feedback=False)


@teacher_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, owner=request.user) if pk else None
    initial = (
        QuestionForm.initial_from(question)
        if question
        else {"kind": request.GET.get("kind", "single")}
    )
    form = QuestionForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.exchange()
        if request.POST.get("action") == "preview":
            preview = _preview(data)
        else:
            saved, findings = teacher_question_save(
                teacher=request.user, data=data, question=question
            )
            for finding in findings:
                messages.warning(request, finding_message(finding))
            set_pk = request.POST.get("add_to_set")
            if set_pk:
                question_set = _own_set(request, int(set_pk))
                set_add_question(question_set=question_set, question=saved)
                told = [f.params["other_key"] for f in findings if f.code == "cue"]
                _warn_of_clashes(request, question_set, saved, told)
                return redirect("teacher_set", pk=int(set_pk))
            return redirect("teacher_sets")
    sets = QuestionSet.objects.filter(owner=request.user)
    return render(
        request,
        "teacher/question_form.html",
        {
            "form": form,
            "question": question,
            "preview": preview,
            "sets": sets,
            "months": MONTHS,
            "add_to_set": request.POST.get("add_to_set") or request.GET.get("set", ""),
        },
    )
