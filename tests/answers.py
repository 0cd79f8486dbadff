"""Building the form a pupil would post, right or wrong, for an attempt item."""

from __future__ import annotations

from quizzes.core.grading import key_response


def form_for(item, response) -> dict:
    """POST data that gives ``response`` (in the spec's terms) for ``item``."""
    snapshot, order = item.snapshot, item.option_order
    token = {spec_index: shown for shown, spec_index in enumerate(order)}
    kind = snapshot["kind"]
    if kind == "single":
        return {"choice": str(token[response])}
    if kind == "multiple":
        return {"choice": [str(token[i]) for i in sorted(response)]}
    if kind == "true_false":
        return {"answer": "true" if response else "false"}
    if kind in ("year", "text"):
        return {"answer": str(response)}
    if kind == "date":
        year, month, day = response.split("-")
        return {"day": day, "month": str(int(month)), "year": year}
    if kind == "order":
        return {"item": [str(token[i]) for i in response]}
    return {f"match-{left}": str(token[right]) for left, right in enumerate(response)}


def right_form(item) -> dict:
    return form_for(item, key_response(item.snapshot["kind"], item.snapshot))


def wrong_form(item) -> dict:
    """An answer that scores less than full marks."""
    snapshot = item.snapshot
    kind = snapshot["kind"]
    key = key_response(kind, snapshot)
    if kind == "single":
        return form_for(
            item, next(i for i, c in enumerate(snapshot["choices"]) if not c["correct"])
        )
    if kind == "multiple":
        wrong = {i for i, c in enumerate(snapshot["choices"]) if not c["correct"]}
        return form_for(item, sorted(wrong))
    if kind == "true_false":
        return form_for(item, not key)
    if kind == "year":
        return form_for(item, key + 1)
    if kind == "date":
        year, month, day = key.split("-")
        return form_for(item, f"{int(year) + 1}-{month}-{day}")
    if kind == "text":
        return form_for(item, "мүлде басқа жауап")
    if kind == "order":
        return form_for(item, list(reversed(key)))
    return form_for(item, key[1:] + key[:1])


def finish_with(attempt, right: int):
    """Answer the first ``right`` questions right, then submit."""
    from django.utils import timezone

    from quizzes.services.attempts import attempt_answer, attempt_finish

    for item in attempt.items.order_by("position")[:right]:
        key = key_response(item.snapshot["kind"], item.snapshot)
        attempt_answer(attempt=attempt, item=item, response=key, now=timezone.now())
    return attempt_finish(attempt=attempt, now=timezone.now())
