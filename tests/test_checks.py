"""The item-writing checks on small made-up questions."""

from __future__ import annotations

from quizzes.core.checks import (
    absolutes_only_in_wrong_options,
    bank_report,
    cues,
    cues_between,
    key_answers,
    key_is_longest,
    longest_key,
    stem_words_only_in_the_key,
    unmarked_negatives,
)


def single(key, prompt, right, *wrong):
    return {
        "key": key,
        "kind": "single",
        "prompt": prompt,
        "choices": [{"text": right, "correct": True}]
        + [{"text": w, "correct": False} for w in wrong],
    }


def text(key, prompt, answer, *accepted):
    return {
        "key": key,
        "kind": "text",
        "prompt": prompt,
        "answer": answer,
        "accepted": list(accepted),
    }


def year(key, prompt, answer):
    return {"key": key, "kind": "year", "prompt": prompt, "answer": answer}


CITY = single("city", "Кездесу қай қалада өтті?", "Алматы", "Ташкент", "Минск", "Киев")


# -- cues ----------------------------------------------------------------------------


def test_a_stem_that_names_the_answer_in_another_form_shows_it():
    stem = single("stem", "Алматыда өткен кездесуде не талқыланды?", "Ауғанстан", "Иран", "Қытай")
    assert [(c.shows, c.answers, c.answer) for c in cues([CITY, stem])] == [
        ("stem", "city", "Алматы")
    ]


def test_a_right_option_shows_an_answer_a_wrong_one_does_not_for_a_choice():
    right = single(
        "right", "Не болды?", "Алматыда кездесу өтті", "Ештеңе болмады", "Соғыс басталды"
    )
    wrong = single("wrong", "Не болды?", "Соғыс басталды", "Алматыда кездесу өтті", "Ештеңе")
    assert {c.shows for c in cues([CITY, right, wrong])} == {"right"}


def test_a_wrong_option_shows_the_words_a_typed_answer_needs():
    typed = text("typed", "Кездесу қай қалада өтті?", "Алматы")
    assert {c.shows for c in cues([typed, CITY])} == {"city"}


def test_a_year_is_shown_by_a_stem_that_gives_it():
    asked = year("asked", "Кездесу қай жылы өтті?", 1996)
    stem = single("stem", "1996 жылғы кездесуде не талқыланды?", "Ауғанстан", "Иран", "Қытай")
    assert [c.answer for c in cues([asked, stem])] == ["1996"]


def test_a_day_or_an_article_number_is_no_count():
    count = text("count", "Неше мемлекет қабылдады?", "6", "алты")
    day = single("day", "1992 жылғы 6 шілдеде не құрылды?", "Бас қолбасшылық", "Кеңес", "Штаб")
    article = single("article", "Келісімнің 6-бабы не туралы?", "Бақылау", "Бюджет", "Шекара")
    stated = single("stated", "6 мемлекет нені қабылдады?", "Келісім-шартты", "Жарғыны", "Бюджетті")
    assert {c.shows for c in cues([count, day, article, stated])} == {"stated"}


def test_a_pair_shown_together_gives_a_matching_question_away():
    match = {
        "key": "match",
        "kind": "match",
        "prompt": "Сәйкестендіріңіз",
        "pairs": [["Украина", "Зымыран инфрақұрылымы"], ["Беларусь", "Геосаяси орналасу"]],
    }
    stem = single(
        "stem",
        "Украинаның зымыран инфрақұрылымы бар ма?",
        "Иә",
        "Жоқ, ешқашан болмаған",
        "Білмеймін",
    )
    assert [c.shows for c in cues([match, stem])] == ["stem"]


def test_cues_between_one_question_and_others_go_both_ways():
    stem = single("stem", "Алматыда өткен кездесуде не талқыланды?", "Ауғанстан", "Иран", "Қытай")
    country = text("country", "Кездесуде қай ел талқыланды?", "Ауғанстан")
    found = {(c.shows, c.answers) for c in cues_between(stem, [CITY, country])}
    assert found == {("stem", "city"), ("stem", "country")}


def test_two_copies_of_one_question_show_each_other_s_answer():
    asked = year("asked", "Кездесу қай жылы өтті?", 1996)
    copy = year("copy", "Кездесу қай **жылы** өтті?", 1996)
    other = year("other", "Кездесу қай жылы өтті?", 1992)
    assert {(c.shows, c.answers) for c in cues([asked, copy, other])} == {
        ("asked", "copy"),
        ("copy", "asked"),
    }


def test_the_key_answers_of_each_kind():
    assert key_answers(CITY) == ["Алматы"]
    assert key_answers(text("t", "?", "заман талабы", "уақыт талабы")) == [
        "заман талабы",
        "уақыт талабы",
    ]
    assert key_answers({"kind": "date", "answer": "1992-05-15"}) == ["15 мамыр"]
    assert key_answers({"kind": "true_false", "answer": True}) == []


# -- one question's flaws -------------------------------------------------------------


def test_a_negative_stem_must_be_marked():
    assert unmarked_negatives("Кездесуге қай мемлекет қатыспады?") == ["қатыспады"]
    assert unmarked_negatives("ҰҚК құрамына енбеген мемлекеттер") == ["енбеген"]
    assert unmarked_negatives("Бұл шарт емес, келісім") == ["емес"]
    assert unmarked_negatives("Нәтиже болған жоқ") == ["жоқ"]
    assert unmarked_negatives("Кездесуге қай мемлекет **қатыспады**?") == []


def test_words_that_only_look_negative_are_not():
    assert unmarked_negatives("Мәселе бір немесе бірнеше мемлекетке қатысты ма?") == []
    assert unmarked_negatives("Тұжырымдамада нелер көрсетілген?") == []


def test_absolute_words_only_in_wrong_options_are_reported():
    question = single("q", "?", "Барлық маңызды мәселелер", "Тек ядролық мәселелер", "Тек шекара")
    assert absolutes_only_in_wrong_options(question) == ["тек"]
    fair = single("q", "?", "Тек маңызды мәселелер", "Тек ядролық мәселелер", "Шекара ғана")
    assert absolutes_only_in_wrong_options(fair) == ["ғана"]


def test_a_stem_word_only_the_key_echoes_is_reported():
    question = single(
        "q",
        "Ресейлік мамандардың айтуынша, кім созды?",
        "Ресей Федерациясы",
        "Қазақстан",
        "Армения",
    )
    assert stem_words_only_in_the_key(question) == ["Ресейлік"]
    fair = single(
        "q", "Ресейлік мамандардың айтуынша, кім созды?", "Ресей", "Ресей емес", "Армения"
    )
    assert stem_words_only_in_the_key(fair) == []


def test_the_longest_key_share_is_measured_against_chance():
    longest = single("a", "?", "Ең ұзын дұрыс жауап", "Қысқа", "Орта жауап", "Бір")
    shortest = single("b", "?", "Қысқа", "Ең ұзын бұрыс жауап", "Орта жауап", "Бір")
    assert key_is_longest(longest) and not key_is_longest(shortest)
    share = longest_key([longest, shortest, shortest, shortest])
    assert (share.longest, share.questions, share.chance) == (1, 4, 0.25)
    assert share.within_chance
    assert not longest_key([longest, longest, shortest, shortest]).within_chance


def test_the_report_lets_enemies_share_no_cue():
    stem = single("stem", "Алматыда өткен кездесуде не талқыланды?", "Ауғанстан", "Иран", "Қытай")

    def reported(**kwargs):
        return [f.key for f in bank_report([CITY, stem], **kwargs).findings if f.code == "cue"]

    assert reported() == ["stem"]
    assert reported(enemies={frozenset(("city", "stem"))}) == []
