"""What a teacher is told about how a question is written, in their language.

The checks (``quizzes.core.checks``) return codes with parameters; this module
turns them into the sentences the teacher's pages show as messages.
"""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from quizzes.core.checks import Finding
from quizzes.core.emphasis import strip_emphasis
from quizzes.models import Question
from quizzes.selectors.bank import Clash

PROMPT_CHARS = 70


def _short(prompt: str) -> str:
    return Truncator(strip_emphasis(prompt)).chars(PROMPT_CHARS)


def finding_message(finding: Finding) -> str:
    """A finding about the teacher's own question, as a sentence."""
    params = finding.params
    if finding.code == "cue" and params["shows"]:
        return _(
            "Your question shows «%(answer)s», the answer to «%(other)s»: "
            "the two will never be in one attempt."
        ) % {"answer": params["answer"], "other": _short(params["other"])}
    if finding.code == "cue":
        return _(
            "«%(other)s» shows «%(answer)s», the answer to your question: "
            "the two will never be in one attempt."
        ) % {"answer": params["answer"], "other": _short(params["other"])}
    if finding.code == "absolute":
        return _(
            "Only wrong options say «%(words)s»: pupils learn to rule such options out "
            "without reading them. Use the word in a right option too, or in none."
        ) % {"words": ", ".join(params["words"])}
    if finding.code == "stem_word":
        return _(
            "Only the right option repeats «%(words)s» from the question: pupils pick the "
            "option that echoes the question. Use the word in a wrong option too, or reword "
            "the question."
        ) % {"words": ", ".join(params["words"])}
    if finding.code == "negative":
        word = params["words"][0]
        return _(
            "The question asks in the negative («%(word)s»): write it as **%(word)s** "
            "so that pupils see it in bold."
        ) % {"word": word}
    if finding.code == "longest_key":
        return _(
            "The right option is the longest one. Pupils who guess pick the longest: "
            "make the options about as long as each other."
        )
    return finding.code


def clash_message(question: Question, clash: Clash) -> str:
    """Why a question just added to a set shares it with an enemy."""
    added, other = _short(question.prompt), _short(clash.other.prompt)
    if not clash.answer:
        return _(
            "«%(added)s» and «%(other)s» test the same fact: an attempt will hold only one of them."
        ) % {"added": added, "other": other}
    shows, shown = (added, other) if clash.shows else (other, added)
    return _(
        "«%(shows)s» shows «%(answer)s», the answer to «%(shown)s»: "
        "an attempt will hold only one of them."
    ) % {"shows": shows, "answer": clash.answer, "shown": shown}
