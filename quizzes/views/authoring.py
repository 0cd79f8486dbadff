"""A teacher's question sets and own questions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quizzes.advice import (
    clash_message,
    finding_message,
    format_error_message,
    problem_message,
    where_message,
)
from quizzes.core.emphasis import strip_emphasis
from quizzes.core.responses import shuffled_order
from quizzes.formats import read_set_file
from quizzes.formats.errors import FormatError
from quizzes.formats.gift import dump_gift, gift_can_express
from quizzes.formats.jsonbank import dump_json
from quizzes.forms_teacher import BankFilterForm, PoolForm, QuestionForm, QuestionSetForm
from quizzes.models import AttemptItem, Question, QuestionSet, SetPool, SetQuestion
from quizzes.selectors.attempts import question_view
from quizzes.selectors.bank import (
    bank_entry,
    bank_page,
    question_in_use,
    set_clashes,
    set_in_use,
    set_pools_export,
    set_questions_export,
    usable_questions,
)
from quizzes.services.authoring import (
    ImportResult,
    question_withdraw,
    set_add_pool,
    set_add_question,
    set_import,
    set_remove_pool,
    set_remove_question,
    set_restore,
    set_withdraw,
    teacher_question_save,
    teacher_set_create,
    teacher_set_update,
)
from quizzes.services.bank import BankError

from .decorators import teacher_required
from .params import id_or_404
from .student import MONTHS


def _own_set(request: HttpRequest, pk: int) -> QuestionSet:
    return get_object_or_404(QuestionSet, pk=pk, owner=request.user)


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
    own_questions = Question.objects.filter(owner=request.user, archived_at=None)
    return render(
        request,
        "teacher/sets.html",
        {
            "sets": [s for s in sets if s.archived_at is None],
            "archived_sets": [s for s in sets if s.archived_at is not None],
            "form": form,
            "own_questions": own_questions,
        },
    )


def _set_context(request: HttpRequest, question_set: QuestionSet, **extra: Any) -> dict:
    return {
        "question_set": question_set,
        "fixed": list(question_set.fixed_questions.select_related("question")),
        "back": _back(request, question_set),
        **extra,
    }


def _back(request: HttpRequest, question_set: QuestionSet) -> str:
    """Where a no-JavaScript add or remove returns: the set page as it was,
    its search, filters and page kept."""
    here = reverse("teacher_set", args=[question_set.pk])
    back = request.POST.get("back", "") if request.method == "POST" else request.get_full_path()
    return back if back.startswith(here) and not back.startswith("//") else here


@teacher_required
@require_http_methods(["GET", "POST"])
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    form = QuestionSetForm(request.POST or None, instance=question_set)
    if request.method == "POST" and form.is_valid():
        teacher_set_update(form=form)
        return redirect("teacher_set", pk=pk)
    filters = BankFilterForm(request.GET or None, prefix="bank")
    bank = bank_page(
        teacher=request.user,
        exclude_set=question_set,
        filters=filters.cleaned_data if filters.is_valid() else {},
        page=request.GET.get("page"),
    )
    return render(
        request,
        "teacher/set.html",
        _set_context(
            request,
            question_set,
            form=form,
            filters=filters,
            bank=bank,
            pools=question_set.pools.all(),
            pool_form=PoolForm(prefix="pool"),
            gift_leaves_out=_gift_leaves_out(question_set),
        ),
    )


@teacher_required
@require_POST
def set_add(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    question = get_object_or_404(
        usable_questions(request.user), pk=id_or_404(request.POST.get("question"))
    )
    set_add_question(question_set=question_set, question=question)
    _warn_of_clashes(request, question_set, question)
    if not request.htmx:
        return redirect(_back(request, question_set) + "#bank")
    # The bank's entry says it was added (and with which question of the set it
    # clashes); the set's list catches up beside it.
    context = _set_context(request, question_set, entry=bank_entry(question), added=True)
    item = render_to_string("teacher/set.html#bank-item", context, request=request)
    fixed = render_to_string("teacher/set.html#fixed", {**context, "oob": True}, request=request)
    return HttpResponse(item + fixed)


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
    set_remove_question(item=get_object_or_404(SetQuestion, pk=item_id, question_set=question_set))
    if not request.htmx:
        return redirect(_back(request, question_set))
    return render(request, "teacher/set.html#fixed", _set_context(request, question_set))


@teacher_required
@require_POST
def pool_add(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    form = PoolForm(request.POST, prefix="pool")
    if form.is_valid():
        set_add_pool(question_set=question_set, data=form.cleaned_data)
        return redirect("teacher_set", pk=pk)
    return HttpResponse(_("That pool is not valid."), status=400)


@teacher_required
@require_POST
def pool_remove(request: HttpRequest, pk: int, pool_id: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    set_remove_pool(pool=get_object_or_404(SetPool, pk=pool_id, question_set=question_set))
    return redirect("teacher_set", pk=pk)


@teacher_required
@require_GET
def set_export(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    questions = set_questions_export(question_set)
    if request.GET.get("format") == "gift":
        text, _skipped = dump_gift(questions, left_out_note=_gift_leaves_out(question_set))
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="set-{pk}.gift.txt"'
        return response
    text = dump_json(questions, pools=set_pools_export(question_set))
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
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
            questions, pools = read_set_file(upload.name, upload.read().decode("utf-8"))
            result = set_import(
                question_set=question_set, teacher=request.user, questions=questions, pools=pools
            )
            messages.success(request, _import_message(result))
            return redirect("teacher_set", pk=pk)
        except UnicodeDecodeError:
            error = _("The file is not UTF-8 text.")
        except FormatError as problem:
            error = format_error_message(problem)
        except BankError as problems:
            error = "\n".join(
                [_("Nothing was imported:")]
                + [f"{where_message(w)}: {problem_message(m)}" for w, m in problems.problems]
            )
    return render(
        request,
        "teacher/import_error.html",
        {"question_set": question_set, "error": error},
        status=400,
    )


def _gift_leaves_out(question_set: QuestionSet) -> str:
    """What a GIFT file of this set lacks, said before and inside the download."""
    questions = set_questions_export(question_set)
    left = sum(1 for q in questions if not gift_can_express(q))
    pools = question_set.pools.count()
    if not left and not pools:
        return ""
    parts = []
    if left:
        parts.append(
            ngettext(
                "%(n)s question GIFT has no kind for (a date or an ordering)",
                "%(n)s questions GIFT has no kind for (dates or orderings)",
                left,
            )
            % {"n": left}
        )
    if pools:
        parts.append(ngettext("%(n)s random pool", "%(n)s random pools", pools) % {"n": pools})
    return _("GIFT leaves out %(what)s: the JSON export keeps everything.") % {
        "what": _(" and ").join(parts)
    }


def _import_message(result: ImportResult) -> str:
    message = ngettext(
        "%(n)s question was added to the set.",
        "%(n)s questions were added to the set.",
        result.added,
    ) % {"n": result.added}
    if result.known:
        message += " " + ngettext(
            "%(n)s of them was already yours or the bank's: it was not copied.",
            "%(n)s of them were already yours or the bank's: they were not copied.",
            result.known,
        ) % {"n": result.known}
    if result.pools:
        message += " " + ngettext(
            "%(n)s random pool was added.", "%(n)s random pools were added.", result.pools
        ) % {"n": result.pools}
    return message


def _preview(data: dict) -> dict:
    """The question as a pupil would see it, through the same template."""
    order = shuffled_order(data["kind"], data, seed=0, question_id=0)
    item = AttemptItem(position=1, snapshot={"key": "preview", **data}, option_order=order)
    return question_view(item, show_feedback=False)


@teacher_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    question = (
        get_object_or_404(Question, pk=pk, owner=request.user, archived_at=None) if pk else None
    )
    add_to_set = request.POST.get("add_to_set") or request.GET.get("set", "")
    target = _own_set(request, id_or_404(add_to_set)) if add_to_set else None
    # The kind comes first (a link each, no JavaScript needed); the form then
    # asks for that kind's answer only.
    kind = question.kind if question else request.POST.get("kind") or request.GET.get("kind")
    kinds = [
        {"value": value, "label": label, "url": _kind_url(value, target)}
        for value, label in Question.Kind.choices
    ]
    if kind not in Question.Kind.values:
        return render(
            request,
            "teacher/question_form.html",
            {"question": None, "form": None, "kinds": kinds, "kind": None},
        )
    initial = QuestionForm.initial_from(question) if question else {}
    form = QuestionForm(request.POST or None, initial=initial, kind=kind)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.exchange()
        if request.POST.get("action") == "preview":
            preview = _preview(data)
        else:
            saved, findings = teacher_question_save(
                teacher=request.user, data=data, question=question, into=target
            )
            for finding in findings:
                messages.warning(request, finding_message(finding))
            if target is not None:
                told = [f.params["other_key"] for f in findings if f.code == "cue"]
                _warn_of_clashes(request, target, saved, told)
                return redirect("teacher_set", pk=target.pk)
            return redirect("teacher_sets")
    return render(
        request,
        "teacher/question_form.html",
        {
            "form": form,
            "question": question,
            "kind": kind,
            "kind_label": Question.Kind(kind).label,
            "kinds": kinds,
            "preview": preview,
            "months": MONTHS,
            "add_to_set": target.pk if target else "",
        },
    )


def _kind_url(kind: str, target: QuestionSet | None) -> str:
    query = {"kind": kind, **({"set": target.pk} if target else {})}
    return f"{reverse('teacher_question_new')}?{urlencode(query)}"


@teacher_required
@require_http_methods(["GET", "POST"])
def set_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = _own_set(request, pk)
    if request.method == "POST":
        outcome = set_withdraw(question_set=question_set, now=timezone.now())
        if outcome == "archived":
            messages.success(request, _("The set was archived: what used it keeps it."))
        else:
            messages.success(request, _("The set was deleted."))
        return redirect("teacher_sets")
    in_use = set_in_use(question_set)
    return render(
        request,
        "teacher/confirm.html",
        {
            "heading": _("Archive the set?") if in_use else _("Delete the set?"),
            "name": question_set.title,
            "consequence": _(
                "Assignments or attempts use it: it will be archived. It leaves your list and "
                "cannot be assigned again; what used it keeps it, and you can restore it."
            )
            if in_use
            else _("Nothing uses it yet: it will be deleted. Your questions stay."),
            "button": _("Archive") if in_use else _("Delete"),
            "back_url": reverse("teacher_set", args=[pk]),
        },
    )


@teacher_required
@require_POST
def set_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    set_restore(question_set=_own_set(request, pk))
    messages.success(request, _("The set is back on your list."))
    return redirect("teacher_set", pk=pk)


@teacher_required
@require_http_methods(["GET", "POST"])
def question_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=pk, owner=request.user, archived_at=None)
    if request.method == "POST":
        outcome = question_withdraw(question=question, now=timezone.now())
        if outcome == "archived":
            messages.success(
                request, _("The question was archived: the attempts that asked it keep it.")
            )
        else:
            messages.success(request, _("The question was deleted."))
        return redirect("teacher_sets")
    in_use = question_in_use(question)
    return render(
        request,
        "teacher/confirm.html",
        {
            "heading": _("Archive the question?") if in_use else _("Delete the question?"),
            "name": strip_emphasis(question.prompt),
            "consequence": _(
                "Pupils have answered it: it will be archived. It leaves your sets and lists; "
                "the attempts that asked it keep it as it was."
            )
            if in_use
            else _("Nobody has answered it yet: it will be deleted and leave your sets."),
            "button": _("Archive") if in_use else _("Delete"),
            "back_url": reverse("teacher_question_edit", args=[pk]),
        },
    )
