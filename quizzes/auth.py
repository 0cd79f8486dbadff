"""Who is behind a request.

Sessions live in a signed cookie: no session row is read on each page, and
nobody can change what the cookie says without the site's secret key. What
decides what a person may see stays in the database: every request reads
the user's row (with their profile, in the same query), a password change
ends the other sessions (Django's session hash), and logging out ends the
account's sessions everywhere: the profile's session epoch moves on, and a
copy of an old cookie no longer matches it.
"""

from __future__ import annotations

import functools
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models import F
from django.dispatch import receiver

from quizzes.models import Profile

EPOCH_SESSION_KEY = "_session_epoch"


@functools.cache
def _user_query() -> tuple[str, list[str]]:
    """The user's row and their profile's, and the profile's field names.
    Table and column names come from the models; the id is a parameter."""
    users = auth.get_user_model()
    fields = Profile._meta.concrete_fields
    columns = ", ".join(f"p.{f.column} AS profile_{f.attname}" for f in fields)
    sql = (
        f"SELECT u.*, {columns} FROM {users._meta.db_table} u "  # noqa: S608
        f"LEFT JOIN {Profile._meta.db_table} p ON p.user_id = u.id WHERE u.id = %s"
    )
    return sql, [f.attname for f in fields]


class ProfileBackend(ModelBackend):
    """Django's model backend; the user comes with their profile, in one raw
    query: every request reads it, and building the ORM's query cost more
    than running it."""

    def get_user(self, user_id: Any):
        users = auth.get_user_model()
        sql, names = _user_query()
        user = next(iter(users._default_manager.raw(sql, [user_id])), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        values = [getattr(user, f"profile_{name}") for name in names]
        profile = None
        if values[0] is not None:  # the profile's id: accounts made by createsuperuser have none
            profile = Profile.from_db(user._state.db, names, values)
            Profile.user.field.set_cached_value(profile, user)
        users.profile.related.set_cached_value(user, profile)  # as select_related leaves it
        return user


def _epoch(user: Any) -> int:
    profile = getattr(user, "profile", None)  # accounts made by `createsuperuser` have none
    return profile.session_epoch if profile is not None else 0


def session_user(request: Any):
    """The request's user, or the anonymous one if the session has ended."""
    if not hasattr(request, "_cached_user"):
        user = auth.get_user(request)
        if user.is_authenticated and request.session.get(EPOCH_SESSION_KEY) != _epoch(user):
            request.session.flush()
            user = AnonymousUser()
        request._cached_user = user
    return request._cached_user


async def asession_user(request: Any):
    return await sync_to_async(session_user)(request)


@receiver(user_logged_in)
def _session_starts(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    request.session[EPOCH_SESSION_KEY] = _epoch(user)


@receiver(user_logged_out)
def _sessions_end(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or not user.is_authenticated:
        return
    if not Profile.objects.filter(user=user).update(session_epoch=F("session_epoch") + 1):
        Profile.objects.create(user=user, session_epoch=1)
