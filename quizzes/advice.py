"""What a teacher is told about how a question is written, in their language.

The checks (``quizzes.core.checks``) return codes with parameters; this module
turns them into the sentences the teacher's pages show as messages.
"""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# -- problems with a question or a file, in the teacher's language -----------------

_FIELDS = {
    "choices": gettext_lazy("choices"),
    "items": gettext_lazy("items"),
    "pairs": gettext_lazy("pairs"),
    "left items": gettext_lazy("left items"),
    "right items": gettext_lazy("right items"),
    "prompt": gettext_lazy("the question"),
    "explanation": gettext_lazy("the explanation"),
}

_PROBLEMS = {
    # A question's fields (quizzes.core.bank) and its answer (quizzes.core.kinds).
    "not_object": gettext_lazy("A question must be an object."),
    "missing": gettext_lazy("Missing: %(fields)s."),
    "control": gettext_lazy("The text has control characters (such as NUL)."),
    "key": gettext_lazy(
        "The key must be lower-case Latin letters, digits and hyphens (at most 80)."
    ),
    "topic": gettext_lazy("Unknown topic %(value)s."),
    "difficulty": gettext_lazy("The difficulty must be 1, 2 or 3."),
    "text_field": gettext_lazy("%(field)s must be text of at most %(most)s characters."),
    "attribution_text": gettext_lazy("Whose opinion: text of at most %(most)s characters."),
    "attribution": gettext_lazy("The question must name whose opinion it asks about."),
    "kind": gettext_lazy("Unknown kind %(value)s."),
    "unused_fields": gettext_lazy("Fields this kind does not use: %(fields)s."),
    "enemies": gettext_lazy("«enemies» must be a list of question keys."),
    "own_enemy": gettext_lazy("A question cannot be its own enemy."),
    "unknown_enemy": gettext_lazy("The enemy %(enemy)s is no question of the file or the bank."),
    "source": gettext_lazy("The source must quote the article at least once."),
    "source_text": gettext_lazy("Every source quote must be text."),
    "source_absent": gettext_lazy("This source is not in the article word for word: %(quote)s."),
    "duplicate_key": gettext_lazy("The same key as question %(n)s."),
    "same_prompt": gettext_lazy("The same question as %(other)s."),
    "too_few": gettext_lazy("%(field)s: at least %(minimum)s needed."),
    "too_many": gettext_lazy("%(field)s: more than %(most)s."),
    "entry_text": gettext_lazy("%(field)s: each must be text of at most %(most)s characters."),
    "duplicates": gettext_lazy("%(field)s: the same one twice."),
    "choice_shape": gettext_lazy("Every choice needs its text and whether it is right."),
    "one_correct": gettext_lazy(
        "A single-choice question needs one right choice; it has %(correct)s."
    ),
    "right_and_wrong": gettext_lazy("A multiple-choice question needs right and wrong choices."),
    "truth_answer": gettext_lazy("Choose whether the statement is true or false."),
    "year_answer": gettext_lazy("The answer must be a year, for example 1992."),
    "date_answer": gettext_lazy(
        "The answer must be a date as year-month-day, for example 1992-05-15."
    ),
    "text_answer": gettext_lazy("The answer must be text of at most %(most)s characters."),
    "accepted": gettext_lazy("Each accepted answer must be text of at most %(most)s characters."),
    "pair_shape": gettext_lazy("Every pair must be «left = right»."),
    # Random pools of a set's file.
    "pool_object": gettext_lazy("A pool must be an object."),
    "pool_count": gettext_lazy("The count must be a whole number from 1 to 100."),
    "pool_topic": gettext_lazy("Unknown topic."),
    "pool_kind": gettext_lazy("Unknown kind."),
    "pool_difficulty": gettext_lazy("The difficulty must be 1, 2, 3 or none."),
    # Reading a file (quizzes.formats).
    "json_syntax": gettext_lazy("This is not valid JSON (%(detail)s)."),
    "json_constant": gettext_lazy("%(value)s is not a JSON number."),
    "json_number": gettext_lazy("A number of %(n)s characters is too long."),
    "json_deep": gettext_lazy("Lists or objects nest too deeply."),
    "json_shape": gettext_lazy("The file must be an object with a «questions» list."),
    "json_pools": gettext_lazy("«pools» must be a list."),
    "meta_place": gettext_lazy("A quiz-meta comment must follow a blank line."),
    "meta_alone": gettext_lazy("A quiz-meta comment has no question after it."),
    "meta_json": gettext_lazy("The quiz-meta comment is not valid JSON (%(detail)s)."),
    "meta_object": gettext_lazy("The quiz-meta comment must be a JSON object."),
    "unclosed": gettext_lazy("The question never closes the %(brace)s opened on line %(n)s."),
    "nested": gettext_lazy(
        "The %(brace)s on line %(n)s opens inside the answer block opened on line "
        "%(opened)s (a missing %(closing)s?)."
    ),
    "stray_close": gettext_lazy("The %(closing)s on line %(n)s closes nothing."),
    "title": gettext_lazy("The title has no closing «::»."),
    "no_block": gettext_lazy("No answer block %(block)s: descriptions cannot be imported."),
    "two_blocks": gettext_lazy("More than one answer block: separate questions with a blank line."),
    "essay": gettext_lazy("Essay questions (an empty %(block)s) cannot be imported."),
    "no_positive": gettext_lazy("A short-answer question needs an answer with a positive weight."),
    "unsupported_block": gettext_lazy("This answer block cannot be read: %(block)s."),
    "text_before": gettext_lazy("Text before the first answer: %(text)s."),
    "none_right": gettext_lazy("No answer is right: give the right ones a positive %%weight%%."),
    "gift_one_right": gettext_lazy(
        "A single-choice question needs one right answer; it has %(n)s."
    ),
    "match_answer": gettext_lazy("Every answer of a matching question must be «=left -> right»."),
    "several_numbers": gettext_lazy("Numerical questions with several answers cannot be imported."),
    "number": gettext_lazy(
        "The numerical answer %(value)s cannot be read: only a whole number without a "
        "tolerance (a year)."
    ),
}


def problem_message(problem: str) -> str:
    """A problem of a question or a file in the user's language; text that
    carries no code is shown as it is."""
    code = getattr(problem, "code", None)
    if code not in _PROBLEMS:
        return str(problem)
    params = {
        name: _FIELDS.get(value, value) if name == "field" else value
        for name, value in problem.params.items()
    }
    message = str(_PROBLEMS[code] % params)
    return message[:1].upper() + message[1:]


def where_message(where: str) -> str:
    """Where a problem is: a question's key as it is, or the question's or the
    pool's place in the file."""
    code = getattr(where, "code", None)
    if code == "nth":
        return _("Question %(n)s") % where.params
    if code == "nth_pool":
        return _("Pool %(n)s") % where.params
    return str(where)


def format_error_message(error) -> str:
    """A file that cannot be read, in the user's language, with its line."""
    message = problem_message(error.problem)
    if error.line is None:
        return message
    return _("Line %(line)s: %(message)s") % {"line": error.line, "message": message}
