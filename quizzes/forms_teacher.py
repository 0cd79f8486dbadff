"""Forms of the teacher's pages: validation lives here and in the core."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from quizzes.advice import problem_message
from quizzes.core.bank import question_errors
from quizzes.core.kinds import REGISTRY, kind_rules
from quizzes.models import Assignment, Classroom, Extension, Question, QuestionSet, Sentence


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Class code"), max_length=32)
    # The teacher's join link signs its code: such a join is no guess.
    signature = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    nickname = forms.CharField(
        label=_("Your name for the class"),
        max_length=40,
        help_text=_(
            "Classmates see this name on the leaderboard: a first name and initial, or a nickname."
        ),
    )

    def clean_nickname(self) -> str:
        nickname = " ".join(self.cleaned_data["nickname"].split())
        if not nickname:
            raise forms.ValidationError(_("Choose a name to show the class."))
        return nickname


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = [
            "question_set",
            "opens_at",
            "due_at",
            "attempts_allowed",
            "grading",
            "time_limit",
            "feedback",
            "shuffle",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "due_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, teacher: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Not an archived set, unless it is the one this assignment already has.
        self.fields["question_set"].queryset = QuestionSet.objects.filter(
            Q(owner=None) | Q(owner=teacher),
            Q(archived_at=None) | Q(pk=self.instance.question_set_id),
        )
        self.fields["question_set"].label = _("Question set")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens, due = cleaned.get("opens_at"), cleaned.get("due_at")
        if opens and due and due <= opens:
            self.add_error("due_at", _("The due date must come after the opening."))
        if cleaned.get("feedback") == Assignment.Feedback.AFTER_DUE and not due:
            self.add_error("due_at", _("Feedback after the due date needs a due date."))
        return cleaned


class ExtensionForm(forms.ModelForm):
    class Meta:
        model = Extension
        fields = ["student", "extra_minutes", "due_at"]
        widgets = {
            "due_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        # Each pupil by their class nickname, in one query for the whole class.
        self.fields["student"].queryset = (
            get_user_model()
            .objects.filter(memberships__classroom=assignment.classroom)
            .annotate(nickname=F("memberships__nickname"))
            .order_by("nickname")
        )
        self.fields["student"].label = _("Pupil")
        self.fields["student"].label_from_instance = lambda user: user.nickname


class QuestionSetForm(forms.ModelForm):
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"), min_value=1, max_value=600, required=False
    )

    class Meta:
        model = QuestionSet
        fields = ["title", "description", "feedback", "shuffle"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.time_limit:
            self.initial["time_limit_minutes"] = self.instance.time_limit // 60

    def save(self, commit: bool = True) -> QuestionSet:
        minutes = self.cleaned_data.get("time_limit_minutes")
        self.instance.time_limit = minutes * 60 if minutes else None
        return super().save(commit)


class QuestionFilterForm(forms.Form):
    """Topic, kind and difficulty, each optional: what a pool draws from and
    what the bank browser shows."""

    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("Any"))] + Question.Topic.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any"))] + Question.Kind.choices, required=False
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        choices=[("", _("Any"))] + Question.Difficulty.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )


class PoolForm(QuestionFilterForm):
    count = forms.IntegerField(label=_("How many"), min_value=1, max_value=100)
    field_order = ["count", "topic", "kind", "difficulty"]


class BankFilterForm(QuestionFilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    field_order = ["q", "topic", "kind", "difficulty"]


# Every field a kind's answer may use in the form; each kind keeps its own.
ANSWER_FIELDS = {name for rules in REGISTRY.values() for name in rules.teacher_fields}


class QuestionForm(forms.Form):
    """A teacher's question of one kind, chosen first: the form then asks for
    that kind's answer only. The answer is typed in plain lines (a true/false
    one chosen), so the form works on a phone and without JavaScript."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Question.Kind.choices, widget=forms.HiddenInput
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Question.Topic.choices)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), choices=Question.Difficulty.choices, coerce=int, initial=2
    )
    prompt = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    choices = forms.CharField(
        label=_("Choices"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    truth = forms.ChoiceField(
        choices=[
            ("true", pgettext_lazy("statement", "True")),
            ("false", pgettext_lazy("statement", "False")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    answer = forms.CharField(label=_("Answer"), required=False, max_length=200)
    accepted = forms.CharField(
        label=_("Also accepted"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Other right forms, one a line."),
    )
    items = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    attribution = forms.CharField(
        label=_("Whose opinion"),
        required=False,
        max_length=200,
        help_text=_("For a question about an opinion: whose it is, as the question says it."),
    )
    source = forms.ModelChoiceField(
        label=_("Source sentence in the article"),
        queryset=Sentence.objects.all(),
        required=False,
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.rules = kind_rules(kind)
        self.initial["kind"] = kind
        fields = self.rules.teacher_fields
        for name in ANSWER_FIELDS - set(fields):
            del self.fields[name]
        for name, label in self.rules.teacher_labels.items():
            self.fields[name].label = gettext_lazy(label)
        if self.rules.teacher_help:
            self.fields[fields[0]].help_text = gettext_lazy(self.rules.teacher_help)
        self.fields[fields[0]].required = True
        self.order_fields(["prompt", *fields, "explanation"])
        self.fields["source"].label_from_instance = lambda s: f"{s.anchor}: {s.text[:90]}"

    def clean_kind(self) -> str:
        if self.cleaned_data["kind"] != self.kind:
            raise forms.ValidationError(_("The kind of a question cannot change."))
        return self.kind

    def exchange(self) -> dict[str, Any]:
        """The question in the bank's exchange format (without its key)."""
        data = self.cleaned_data
        kind = data["kind"]
        question: dict[str, Any] = {
            "kind": kind,
            "topic": data["topic"],
            "difficulty": data["difficulty"],
            "prompt": data["prompt"].strip(),
            "explanation": data["explanation"].strip(),
            "source": [data["source"].text] if data.get("source") else [],
        }
        if data.get("attribution"):
            question["attribution"] = data["attribution"].strip()
        fields = {name: data.get(name) or "" for name in self.rules.teacher_fields}
        question.update(self.rules.from_teacher(fields))
        return question

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        question = {"key": "draft", **self.exchange()}
        problems = question_errors(question, topics=Question.Topic.values, require_source=False)
        for problem in problems:
            self.add_error(None, problem_message(problem))
        return cleaned

    @classmethod
    def initial_from(cls, question: Question) -> dict[str, Any]:
        answer = question.answer
        initial: dict[str, Any] = {
            "kind": question.kind,
            "topic": question.topic,
            "difficulty": question.difficulty,
            "prompt": question.prompt,
            "explanation": question.explanation,
            "attribution": question.attribution,
            "source": question.sources.first(),
        }
        initial.update(kind_rules(question.kind).to_teacher(answer))
        return initial
