"""Writing accounts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from quizzes.models import Profile

from .attempts import attempts_claim


@transaction.atomic
def user_signup(*, form: Any, visitor_key: str | None) -> Any:
    """Create the user and their profile, and keep what they did as a visitor."""
    user = form.save()
    Profile.objects.create(user=user, role=form.cleaned_data["role"])
    if visitor_key:
        attempts_claim(visitor_key=visitor_key, user=user)
    return user
