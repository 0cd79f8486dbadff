from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from quizzes.advice import problem_message
from quizzes.core.codes import display_code
from quizzes.core.grading import validate_spec

from .forms import AdminLoginForm
from .models import (
    Paragraph,
    Profile,
    Question,
    QuestionSet,
    Sentence,
    SetPool,
    TeacherInvitation,
)
from .services.accounts import teacher_invitation_create

# The admin's login counts tries like the site's own.
admin.site.login_form = AdminLoginForm


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "key", "kind", "topic", "difficulty", "prompt", "explanation", "attribution",
            "answer", "source_quotes", "sources",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        kind, answer = cleaned.get("kind"), cleaned.get("answer")
        if kind and answer is not None:
            for message in validate_spec(kind, answer):
                self.add_error("answer", problem_message(message))
        attribution, prompt = cleaned.get("attribution"), cleaned.get("prompt") or ""
        if attribution and attribution not in prompt:
            self.add_error("attribution", _("The prompt must name whose opinion it is."))
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ["key", "kind", "topic", "difficulty", "revision", "updated_at"]
    list_filter = ["topic", "kind", "difficulty"]
    search_fields = ["key", "prompt", "explanation", "attribution"]
    raw_id_fields = ["sources"]
    readonly_fields = ["revision", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if change and form.changed_data:
            obj.revision += 1
        super().save_model(request, obj, form, change)


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ["number", "anchor", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    inlines = [SentenceInline]


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ["anchor", "text"]
    search_fields = ["text", "anchor"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Granting the teacher's role: change a profile's role here."""

    list_display = ["user", "role", "extra_time_percent"]
    list_filter = ["role"]
    search_fields = ["user__username"]
    list_editable = ["role", "extra_time_percent"]


@admin.register(TeacherInvitation)
class TeacherInvitationAdmin(admin.ModelAdmin):
    """Codes that make teachers' accounts; the code is drawn when one is added."""

    list_display = ["shown_code", "note", "uses_left", "expires_at", "created_at"]
    fields = ["shown_code", "note", "uses_left", "expires_at"]
    readonly_fields = ["shown_code"]
    search_fields = ["note"]

    @admin.display(description=_("code"))
    def shown_code(self, invitation: TeacherInvitation) -> str:
        return display_code(invitation.code) if invitation.code else "—"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        made = teacher_invitation_create(
            note=obj.note, uses=obj.uses_left, expires_at=obj.expires_at
        )
        obj.pk, obj.code, obj.created_at = made.pk, made.code, made.created_at


class SetPoolInline(admin.TabularInline):
    model = SetPool
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "owner", "feedback", "time_limit"]
    list_filter = ["feedback"]
    search_fields = ["title", "key"]
    inlines = [SetPoolInline]
