from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.formats.errors import FormatError
from quizzes.formats.gift import dump_gift, parse_gift


def question(kind: str, **fields) -> dict:
    base = {
        "key": f"cst-{kind.replace('_', '-')}",
        "kind": kind,
        "topic": "treaty",
        "difficulty": 2,
        "prompt": "Ұжымдық қауіпсіздік туралы шарт: қай қалада {қол} қойылды?",
        "explanation": "Шартқа 1992 жылғы 15 мамырда Ташкентте қол қойылды = тарихи күн.",
        "source": ["1992 жылдың 15 мамырында Ташкентте Ұжымдық қауіпсіздік туралы шартқа"],
    }
    return base | fields


def round_trip(q: dict) -> list[dict]:
    text, skipped = dump_gift([q])
    assert skipped == []
    return parse_gift(text)


def test_single_choice_round_trips():
    q = question(
        "single",
        choices=[
            {"text": "Ташкентте", "correct": True},
            {"text": "Мәскеуде: Кремльде", "correct": False},
            {"text": "Алматыда {1991}", "correct": False},
        ],
    )
    assert round_trip(q) == [q]


def test_multiple_choice_round_trips():
    q = question(
        "multiple",
        choices=[
            {"text": "Қазақстан", "correct": True},
            {"text": "Ресей", "correct": True},
            {"text": "Өзбекстан", "correct": True},
            {"text": "Түрікменстан", "correct": False},
            {"text": "Грузия = Сакартвело", "correct": False},
        ],
    )
    assert round_trip(q) == [q]


def test_multiple_choice_with_one_right_answer_stays_multiple():
    q = question(
        "multiple",
        choices=[
            {"text": "Қазақстан", "correct": True},
            {"text": "Түрікменстан", "correct": False},
            {"text": "Украина", "correct": False},
        ],
    )
    assert round_trip(q) == [q]


def test_true_false_round_trips():
    q = question("true_false", prompt="Түрікменстан шартқа қол қойды: иә ма?", answer=False)
    assert round_trip(q) == [q]


def test_year_round_trips():
    q = question("year", prompt="Шартқа қай жылы қол қойылды? (жылы: {????})", answer=1992)
    assert round_trip(q) == [q]


def test_text_round_trips_with_accepted_answers():
    q = question("text", answer="Ташкент", accepted=["Ташкент қаласы", "Тошкент"])
    assert round_trip(q) == [q]


def test_text_round_trips_without_accepted_answers():
    q = question("text", answer="Ташкент", accepted=[])
    assert round_trip(q) == [q]


def test_match_round_trips():
    q = question(
        "match",
        prompt="Мемлекет пен астанасын сәйкестендіріңіз:",
        pairs=[["Қазақстан", "Астана"], ["Өзбекстан", "Ташкент"], ["Қырғызстан", "Бішкек: {}"]],
    )
    assert round_trip(q) == [q]


def test_attribution_round_trips():
    q = question(
        "true_false",
        prompt="Мақала авторының пікірінше, шарт ұжымдық қауіпсіздікті нығайтты ма?",
        attribution="Мақала авторының",
        answer=True,
    )
    assert round_trip(q) == [q]


def test_empty_explanation_round_trips():
    q = question("year", explanation="", answer=1992)
    assert round_trip(q) == [q]


def test_multi_line_texts_round_trip():
    q = question(
        "single",
        prompt="Бірінші жол.\nЕкінші жол: ә ғ қ ң ө ұ ү і.",
        explanation="Түсініктеме\n\n// бұл түсініктеме емес",
        choices=[{"text": "иә\nжоқ", "correct": True}, {"text": "жоқ", "correct": False}],
    )
    assert round_trip(q) == [q]


def test_texts_that_look_like_gift_syntax_round_trip():
    q = question(
        "single",
        prompt="[html]<b>Шарт</b> \\ туралы ####",
        explanation="#1 -> 2 %50%",
        choices=[
            {"text": "%50% ғана", "correct": True},
            {"text": "[markdown] *жоқ*", "correct": False},
            {"text": "T", "correct": False},
        ],
    )
    assert round_trip(q) == [q]


@given(
    st.lists(
        st.text(alphabet="әғқңөұүіАҚ ~=#{}:\\\n->%[]", min_size=1).filter(
            lambda text: text == text.strip()
        ),
        min_size=2,
        max_size=5,
    )
)
def test_any_choice_text_round_trips(texts):
    choices = [{"text": text, "correct": i == 0} for i, text in enumerate(texts)]
    q = question("single", prompt=texts[-1], explanation=texts[0], choices=choices)
    assert round_trip(q) == [q]


def test_date_and_order_are_skipped_and_reported():
    date = question("date", key="cst-signed", answer="1992-05-15")
    order = question("order", key="cst-events", items=["Беловеж", "Алматы", "Ташкент"])
    year = question("year", key="cst-year", answer=1992)
    text, skipped = dump_gift([date, year, order])
    assert skipped == ["cst-signed", "cst-events"]
    assert [q["key"] for q in parse_gift(text)] == ["cst-year"]


def test_text_answer_with_an_arrow_is_skipped_as_gift_would_read_a_match():
    q = question("text", answer="Минск -> Алматы", accepted=[])
    assert dump_gift([q]) == ("", ["cst-text"])


def test_special_characters_are_escaped():
    q = question(
        "single",
        key="cst-escape",
        prompt="a~b=c#d{e}f:g\\h\ni",
        choices=[{"text": "x=y", "correct": True}, {"text": "{z}", "correct": False}],
    )
    text, _ = dump_gift([q])
    assert "::cst-escape::a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni {" in text
    assert "=x\\=y" in text
    assert "~\\{z\\}" in text


def test_metadata_goes_in_a_comment_before_the_question():
    q = question("year", answer=1992, attribution="")
    lines = dump_gift([q])[0].splitlines()
    meta_line = next(i for i, line in enumerate(lines) if line.startswith("// quiz-meta: "))
    assert json.loads(lines[meta_line].removeprefix("// quiz-meta: ")) == {
        "topic": "treaty",
        "difficulty": 2,
        "source": q["source"],
    }
    assert lines[meta_line + 1].startswith("::cst-year::")


def test_category_is_written_when_the_topic_changes():
    first = question("year", key="a", topic="treaty", answer=1992)
    second = question("year", key="b", topic="treaty", answer=1993)
    third = question("year", key="c", topic="reforms", answer=2007)
    text, _ = dump_gift([first, second, third])
    categories = [line for line in text.splitlines() if line.startswith("$CATEGORY:")]
    assert categories == ["$CATEGORY: treaty", "$CATEGORY: reforms"]


def test_explanation_is_general_feedback():
    text, _ = dump_gift([question("true_false", explanation="Иә, солай.", answer=True)])
    assert "####Иә, солай." in text


def test_multiple_choice_weights_share_100_between_right_and_minus_100_between_wrong():
    q = question(
        "multiple",
        choices=[
            {"text": "Қазақстан", "correct": True},
            {"text": "Ресей", "correct": True},
            {"text": "Армения", "correct": True},
            {"text": "Түрікменстан", "correct": False},
            {"text": "Грузия", "correct": False},
        ],
    )
    text, _ = dump_gift([q])
    assert "~%33.33333%Қазақстан" in text
    assert "~%33.33333%Армения" in text
    assert "~%-50%Түрікменстан" in text
    assert "~%-50%Грузия" in text


def test_weighted_answers_with_two_positive_are_multiple_choice():
    [q] = parse_gift("Қайсысы ҰҚШ мүшесі? {=%50%Қазақстан ~%50%Ресей ~%-100%Грузия}")
    assert q["kind"] == "multiple"
    assert q["choices"] == [
        {"text": "Қазақстан", "correct": True},
        {"text": "Ресей", "correct": True},
        {"text": "Грузия", "correct": False},
    ]


MOODLE_SAMPLE = """\
// Ұжымдық қауіпсіздік туралы шарт: қолмен жазылған сұрақтар
$CATEGORY: $course$/top/ҰҚШ

// тақырыпсыз сұрақ
Шартқа Ташкентте қол қойылды. {TRUE}

Шартқа қол қойған мемлекеттердің бірі {
    =Қазақстан # Дұрыс!
    ~Түрікменстан # Жоқ, ол бейтарап.
    ~Грузия
}

::Елорда::[html]Қазақстанның <b>елордасы</b>? {
    =Астана
    =%100%Нұр-Сұлтан
    =%0%Алматы # бұрынғы астана
    ####[html]<p>1997 жылдан бері.</p>
}

$CATEGORY: $course$/top/Жылдар

Шарт қай жылы
күшіне енді? {#1994 ####1994 жылғы 20 сәуірде.}

Шартқа {=Ташкентте ~Мәскеуде ~Минскіде} қол қойылды.

::cst-kz-signed::Қазақстан шартқа қол қоймады. {FALSE#Қате.#Дұрыс.}
"""


def test_moodle_sample_is_read_question_by_question():
    questions = parse_gift(MOODLE_SAMPLE)
    assert [(q["key"], q["kind"]) for q in questions] == [
        ("gift-1", "true_false"),
        ("gift-2", "single"),
        ("gift-3", "text"),
        ("gift-4", "year"),
        ("gift-5", "single"),
        ("cst-kz-signed", "true_false"),
    ]


def test_moodle_sample_without_metadata_gets_defaults_and_no_invented_content():
    first = parse_gift(MOODLE_SAMPLE)[0]
    assert first == {
        "key": "gift-1",
        "kind": "true_false",
        "topic": "treaty",
        "difficulty": 2,
        "prompt": "Шартқа Ташкентте қол қойылды.",
        "explanation": "",
        "source": [],
        "answer": True,
    }


def test_moodle_sample_per_answer_feedback_is_dropped():
    single = parse_gift(MOODLE_SAMPLE)[1]
    assert single["choices"] == [
        {"text": "Қазақстан", "correct": True},
        {"text": "Түрікменстан", "correct": False},
        {"text": "Грузия", "correct": False},
    ]


def test_moodle_sample_short_answer_keeps_positive_answers_and_strips_formats():
    text = parse_gift(MOODLE_SAMPLE)[2]
    assert text["prompt"] == "Қазақстанның <b>елордасы</b>?"
    assert text["answer"] == "Астана"
    assert text["accepted"] == ["Нұр-Сұлтан"]
    assert text["explanation"] == "<p>1997 жылдан бері.</p>"


def test_moodle_sample_multi_line_numerical_with_general_feedback():
    year = parse_gift(MOODLE_SAMPLE)[3]
    assert year["prompt"] == "Шарт қай жылы\nкүшіне енді?"
    assert year["answer"] == 1994
    assert year["explanation"] == "1994 жылғы 20 сәуірде."


def test_moodle_sample_missing_word_marks_the_gap():
    gap = parse_gift(MOODLE_SAMPLE)[4]
    assert gap["prompt"] == "Шартқа _____ қол қойылды."


def test_moodle_sample_false_is_spelled_out():
    assert parse_gift(MOODLE_SAMPLE)[5]["answer"] is False


def test_several_questions_come_back_in_order():
    questions = [
        question("year", key="cst-year", topic="treaty", answer=1992),
        question("true_false", key="tkm-out", topic="participants", answer=True),
        question("text", key="cst-city", topic="treaty", answer="Ташкент", accepted=[]),
        question(
            "single",
            key="cst-first",
            topic="origins",
            choices=[{"text": "Беловеж", "correct": True}, {"text": "Киев", "correct": False}],
        ),
    ]
    assert parse_gift(dump_gift(questions)[0]) == questions


def test_invalid_title_gets_a_derived_key():
    [q] = parse_gift("::Шарт туралы::Шарт бар ма? {T}")
    assert q["key"] == "gift-1"


def test_quiz_meta_fills_the_fields_gift_lacks():
    text = (
        '// quiz-meta: {"topic": "kazakhstan", "difficulty": 3, '
        '"source": ["Қазақстан шартқа қол қойды"], "attribution": "автордың"}\n'
        "::kz-signed::Қазақстан, автордың айтуынша, шартқа қол қойды ма? {T}\n"
    )
    [q] = parse_gift(text)
    assert (q["topic"], q["difficulty"], q["source"], q["attribution"]) == (
        "kazakhstan",
        3,
        ["Қазақстан шартқа қол қойды"],
        "автордың",
    )


def error_line(text: str) -> tuple[int | None, str]:
    with pytest.raises(FormatError) as caught:
        parse_gift(text)
    return caught.value.line, str(caught.value)


def test_unclosed_brace_names_the_question_where_it_opens():
    text = "::a::Бірінші {T}\n\n::b::Екінші {\n    =x\n    ~y\n\n::c::Үшінші {F}\n"
    line, message = error_line(text)
    assert line == 3
    assert message.startswith("line 3: ")


def test_brace_never_closed_before_the_end_names_its_question():
    line, message = error_line("::a::Бірінші {T}\n\n\n::b::Екінші {\n    =x\n")
    assert (line, message.split(":")[0]) == (4, "line 4")


def test_closing_brace_without_opening_names_its_question():
    line, _ = error_line("::a::Бірінші {T}\n\n::b::Екінші } {T}\n")
    assert line == 3


def test_essay_is_unsupported_and_named_by_line():
    text = "::a::Бірінші {T}\n\n// эссе\n::essay::Пікіріңізді жазыңыз. {}\n"
    line, message = error_line(text)
    assert line == 4
    assert message.startswith("line 4: essay")


def test_description_without_answers_is_unsupported():
    line, message = error_line("::a::Бірінші {T}\n\nБұл жай мәтін.\n")
    assert line == 3
    assert "descriptions are not supported" in message


def test_bad_meta_json_names_the_comment_line():
    text = '::a::Бірінші {T}\n\n// quiz-meta: {"topic": treaty}\n::b::Екінші {F}\n'
    line, message = error_line(text)
    assert line == 3
    assert message.startswith("line 3: the quiz-meta comment is not valid JSON")


def test_numerical_with_tolerance_is_unsupported():
    line, message = error_line("\n// жыл\n::y::Қай жылы? {#1992:2}\n")
    assert line == 3
    assert "unsupported numerical answer" in message


def test_numerical_range_is_unsupported():
    line, _ = error_line("::y::Қай жылы? {#1990..1995}\n")
    assert line == 1


def test_numerical_with_zero_tolerance_is_a_year():
    [q] = parse_gift("::y::Қай жылы? {#=1992:0 #Дұрыс}")
    assert (q["kind"], q["answer"]) == ("year", 1992)


def test_two_questions_without_a_blank_line_between_are_an_error():
    line, message = error_line("::a::Бірінші {T}\n::b::Екінші {F}\n")
    assert line == 1
    assert "blank line" in message


def test_single_choice_with_two_unweighted_right_answers_is_unsupported():
    line, _ = error_line("\n::s::Қайсысы? {=Қазақстан =Ресей ~Грузия}\n")
    assert line == 2
