"""The host's report of a live game and its CSV: only the host's."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from quizzes.models import GameResults, ReviewCard
from quizzes.services.live_results import record_game_results
from tests.conftest import make_user
from tests.live_scene import played_game


@pytest.fixture
def played(teacher, classroom, student, other_student, shipped_sets):
    return played_game(
        teacher=teacher, classroom=classroom, student=student, other_student=other_student
    )


def report_url(played):
    return reverse("live_game_report", args=[played["game"].pk])


def csv_url(played):
    return reverse("live_game_csv", args=[played["game"].pk])


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_report_ranks_the_players_with_their_figures(teacher_client, played):
    response = teacher_client.get(report_url(played))
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><th scope=\"row\">(.*?)</th>", html)
    # The guest is right on all four, Аружан on two, Дәурен on one; the
    # removed player is not in the report.
    assert rows == [("1", "=HYPERLINK(1)"), ("2", "Аружан Т."), ("3", "Дәурен")]
    assert "Шығарылған" not in html
    assert "2 / 4" in html and "4 / 4" in html
    assert reverse("live_game_csv", args=[played["game"].pk]) in html


def test_the_report_gives_each_questions_figures_and_options(teacher_client, played):
    html = teacher_client.get(report_url(played)).content.decode()
    game = played["game"]
    for entry in game.questions:
        assert entry["snapshot"]["prompt"].split("**")[0][:30] in html
    # Question 1: Аружан and the guest right; Дәурен had not joined yet.
    assert "Дұрыс: 100% (2 / 2)" in html or "Дұрыс: 100%" in html
    single = game.questions[0]["snapshot"]
    for choice in single["choices"]:
        assert choice["text"] in html
    assert "Шын" in html and "Жалған" in html  # the true/false bars name their options
    assert "Медиана" in html or "медиана" in html


def test_the_report_and_the_csv_are_the_hosts_only(client, played, classroom, student):
    other_teacher = make_user("other-teacher", role="teacher")
    for user in (other_teacher, student):
        client.force_login(user)
        assert client.get(report_url(played)).status_code == 404
        assert client.get(csv_url(played)).status_code == 404
    client.logout()
    assert client.get(report_url(played)).status_code == 302
    assert client.get(csv_url(played)).status_code == 302


def test_an_unknown_game_is_not_found(teacher_client, played):
    assert teacher_client.get("/live/game/999999/report/").status_code == 404
    assert teacher_client.get("/live/game/0/report/").status_code == 404
    assert teacher_client.get("/live/game/x/report/").status_code == 404


def test_the_report_makes_sure_the_results_are_in_practice(teacher_client, played):
    assert not GameResults.objects.exists()
    teacher_client.get(report_url(played))
    teacher_client.get(report_url(played))
    assert GameResults.objects.count() == 1
    assert ReviewCard.objects.filter(user=played["aruzhan"].user).count() == 4


def test_the_csv_has_a_row_per_player_and_question(teacher_client, played):
    rows = read_csv(teacher_client.get(csv_url(played)))
    assert rows[0] == [
        "nickname",
        "username",
        "place",
        "question",
        "question_text",
        "answer",
        "correct",
        "seconds",
        "points",
    ]
    assert len(rows) == 1 + 3 * 4
    aruzhan = [r for r in rows if r[0] == "Аружан Т."]
    assert [r[3] for r in aruzhan] == ["1", "2", "3", "4"]
    assert [r[6] for r in aruzhan] == ["1", "0", "0", "1"]
    assert [r[7] for r in aruzhan] == ["2.0", "5.0", "", "4.0"]
    assert aruzhan[0][1] == "aruzhan" and aruzhan[0][2] == "2"
    assert aruzhan[2][5] == "" and aruzhan[2][8] == "0"  # silent on question 3
    single = played["game"].questions[0]["snapshot"]
    right = next(c["text"] for c in single["choices"] if c["correct"])
    assert aruzhan[0][5] == right
    assert aruzhan[0][4] == single["prompt"].replace("**", "")
    true_false = [r for r in rows if r[3] == "2"]
    assert {r[5] for r in true_false} <= {"Шын", "Жалған", ""}


def test_the_csv_is_protected_against_spreadsheet_formulas(teacher_client, played):
    text = teacher_client.get(csv_url(played)).content.decode("utf-8-sig")
    rows = read_csv(teacher_client.get(csv_url(played)))
    guest = [r for r in rows if "HYPERLINK" in r[0]]
    assert guest and all(r[0] == "'=HYPERLINK(1)" for r in guest)
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert all(r[1] == "" for r in guest)  # a guest has no account


def test_a_formula_typed_as_an_answer_is_defused_too(teacher, classroom, shipped_sets, client):
    from quizzes.core.kinds import MAX_TYPED  # noqa: F401  (typed answers have a limit)
    from quizzes.views.live_results import _answer_text

    snapshot = {"kind": "single", "choices": [{"text": "-1+2", "correct": True}]}
    from quizzes.formats.spreadsheet import safe_cell

    assert safe_cell(_answer_text(snapshot, 0, {})) == "'-1+2"


def english_words(html: str) -> list[str]:
    """Words of three Latin letters or more in a page's main part, once the
    data (nicknames, usernames) and the names that stay Latin are left out."""
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    # Links and codes to copy are data too.
    main = re.sub(r"<code[^>]*>.*?</code>|<strong class=\"join-code\">.*?</strong>", " ", main)
    text = re.sub(r"<[^>]+>", " ", main)
    for data in ("=HYPERLINK(1)", "aruzhan", "dauren", "gulnara", "CSV", "PIN", "QR"):
        text = text.replace(data, "")
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_report_speaks_kazakh_or_russian_with_no_english(teacher_client, played, language):
    teacher_client.cookies["django_language"] = language
    html = teacher_client.get(report_url(played)).content.decode()
    assert f'<html lang="{language}">' in html
    assert english_words(html) == []


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_games_lists_speak_kazakh_or_russian_with_no_english(
    teacher_client, client, played, classroom, student, language
):
    client.cookies["django_language"] = language
    for url in (reverse("teacher_dashboard"), reverse("teacher_classroom", args=[classroom.pk])):
        assert english_words(teacher_client.get(url).content.decode()) == [], url
    client.force_login(student)
    assert english_words(client.get(reverse("progress")).content.decode()) == []


def test_the_report_reads_a_fixed_number_of_queries(
    teacher, teacher_client, classroom, shipped_sets, django_assert_max_num_queries
):
    from tests.live_scene import answer, join, make_game

    game = make_game(host=teacher, classroom=classroom, phase="podium")
    for n in range(40):
        player = join(game, f"Ойыншы {n}", make_user(f"player{n}") if n % 2 else None)
        for index in range(4):
            answer(game, player, index, right=(n + index) % 3 == 0, ms=1000 + n)
    record_game_results(game)  # as the podium did
    with django_assert_max_num_queries(12):
        response = teacher_client.get(reverse("live_game_report", args=[game.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        rows = read_csv(teacher_client.get(reverse("live_game_csv", args=[game.pk])))
    assert len(rows) == 1 + 40 * 4


# -- the classroom's report, the dashboard, a pupil's progress --------------------


def test_the_classrooms_report_lists_its_live_games(teacher_client, played, classroom):
    html = teacher_client.get(reverse("teacher_classroom", args=[classroom.pk])).content.decode()
    assert "Тікелей ойындар" in html
    assert reverse("live_game_report", args=[played["game"].pk]) in html
    section = html.split('id="live-games-heading"', 1)[1].split("</section>", 1)[0]
    assert played["game"].question_set.title in section
    assert '<td class="num">3</td>' in section  # the removed player does not count


def test_another_classrooms_report_does_not_list_the_game(teacher, teacher_client, played):
    from quizzes.services.classrooms import classroom_create

    other = classroom_create(teacher=teacher, name="10 «Б»")
    html = teacher_client.get(reverse("teacher_classroom", args=[other.pk])).content.decode()
    assert reverse("live_game_report", args=[played["game"].pk]) not in html
    assert "Бұл сыныпта әзірге тікелей ойын ойналған жоқ." in html


def test_the_dashboard_lists_the_teachers_recent_games(teacher_client, client, played):
    html = teacher_client.get(reverse("teacher_dashboard")).content.decode()
    assert "Соңғы тікелей ойындар" in html
    assert reverse("live_game_report", args=[played["game"].pk]) in html
    assert "3 ойыншы" in html
    other_teacher = make_user("other-teacher", role="teacher")
    client.force_login(other_teacher)
    html = client.get(reverse("teacher_dashboard")).content.decode()
    assert reverse("live_game_report", args=[played["game"].pk]) not in html


def test_a_pupil_finds_the_game_in_their_progress(client, played, student, other_student):
    client.force_login(student)
    html = client.get(reverse("progress")).content.decode()
    section = html.split('id="live-games-heading"', 1)[1].split("</section>", 1)[0]
    assert played["game"].question_set.title in section
    assert "3 ішінен 2" in section  # second of three (the removed player is not counted)
    assert "2 / 4" in section  # two right of the four questions played
    points = played["aruzhan"].score
    assert f'<td class="num">{points}</td>' in section
    client.force_login(other_student)
    section = client.get(reverse("progress")).content.decode().split('id="live-games-heading"')[1]
    assert "3 ішінен 3" in section


def test_a_running_game_or_a_removed_player_is_not_in_progress(
    client, teacher, classroom, student, shipped_sets
):
    from tests.live_scene import join, make_game

    running = make_game(host=teacher, classroom=classroom, phase="question", pin="222222")
    join(running, "Аружан", student)
    ended = make_game(host=teacher, classroom=classroom, pin="333333")
    join(ended, "Аружан", student, removed=True)
    client.force_login(student)
    html = client.get(reverse("progress")).content.decode()
    assert 'id="live-games-heading"' not in html


def test_a_pupil_without_games_sees_no_games_section(client, student, db):
    client.force_login(student)
    assert 'id="live-games-heading"' not in client.get(reverse("progress")).content.decode()


def test_the_progress_page_reads_the_games_in_a_fixed_number_of_queries(
    client, teacher, classroom, student, shipped_sets, django_assert_max_num_queries
):
    from tests.live_scene import answer, join, make_game

    def count_queries(games):
        for n in range(games):
            game = make_game(host=teacher, classroom=classroom, pin=f"{400000 + n}")
            me = join(game, "Аружан", student)
            answer(game, me, 0, right=True)
            for k in range(5):
                join(game, f"Ойыншы {k}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("progress")).status_code == 200
        return len(queries)

    client.force_login(student)
    one = count_queries(1)
    assert count_queries(6) == one


def test_a_game_ended_in_its_lobby_is_listed_nowhere(
    teacher, teacher_client, client, classroom, student, shipped_sets
):
    from tests.live_scene import join, make_game

    game = make_game(host=teacher, classroom=classroom, index=-1, pin="555555")
    join(game, "Аружан", student)
    url = reverse("live_game_report", args=[game.pk])
    assert url not in teacher_client.get(reverse("teacher_dashboard")).content.decode()
    page = teacher_client.get(reverse("teacher_classroom", args=[classroom.pk]))
    assert url not in page.content.decode()
    # Its host can still open its (empty) report.
    html = teacher_client.get(url).content.decode()
    assert "Ойын бірде-бір сұраққа жеткен жоқ." in html
    client.force_login(student)
    assert 'id="live-games-heading"' not in client.get(reverse("progress")).content.decode()


def test_nicknames_are_escaped_in_the_report_and_the_lists(teacher_client, played):
    from quizzes.models import Player

    Player.objects.filter(pk=played["guest"].pk).update(nickname="<script>x</script>")
    html = teacher_client.get(report_url(played)).content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_report_and_the_csv_are_kept_by_no_cache(teacher_client, played):
    for url in (report_url(played), csv_url(played)):
        assert teacher_client.get(url)["Cache-Control"] == "private, no-store", url


def test_a_number_too_long_for_an_id_is_not_found(teacher_client, played):
    assert teacher_client.get("/live/game/99999999999999999999/report/").status_code == 404
    assert teacher_client.get("/live/game/99999999999999999999/results.csv").status_code == 404
    assert teacher_client.post(report_url(played)).status_code == 405


def test_each_question_of_the_report_quotes_its_sentence_of_the_article(teacher_client, played):
    html = teacher_client.get(report_url(played)).content.decode()
    for entry in played["game"].questions:
        for anchor, quote in entry["snapshot"]["source_links"]:
            assert f"«{quote}»" in html
            assert f'?highlight={anchor}#{anchor}"' in html


def test_the_dashboard_with_games_under_way_and_played_names_each_part_once(
    teacher, teacher_client, played, shipped_sets
):
    from quizzes.services.live import host_game

    host_game(
        host=teacher,
        question_set=played["game"].question_set,
        classroom=None,
        mode="speed",
        streak_bonus=False,
        seconds=20,
    )
    html = teacher_client.get(reverse("teacher_dashboard")).content.decode()
    assert "Соңғы тікелей ойындар" in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(ids)


def test_the_csv_words_each_kinds_answer_as_the_review_does(teacher_client, played):
    rows = read_csv(teacher_client.get(csv_url(played)))
    guest = {row[3]: row for row in rows if row[0] == "'=HYPERLINK(1)"}
    game = played["game"]
    multiple = game.questions[2]["snapshot"]
    assert multiple["kind"] == "multiple"
    right = [c["text"] for c in multiple["choices"] if c["correct"]]
    assert guest["3"][5] == "; ".join(right)  # every right choice, in the set's order
    year = game.questions[3]["snapshot"]
    assert guest["4"][5] == str(year["answer"])
    assert guest["2"][5] == ("Шын" if game.questions[1]["snapshot"]["answer"] else "Жалған")


def test_the_grid_marks_each_players_answer_to_each_question(teacher_client, played):
    html = teacher_client.get(report_url(played)).content.decode()
    grid = html.split('id="grid-heading"', 1)[1].split("</table>", 1)[0]
    rows = {
        name: re.findall(r'class="num cell-(\w+)"', row)
        for name, row in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', grid, re.S)
    }
    assert rows == {
        "=HYPERLINK(1)": ["right", "right", "right", "right"],
        "Аружан Т.": ["right", "wrong", "blank", "right"],
        "Дәурен": ["none", "none", "wrong", "right"],  # joined during question 2
    }
    # Each mark is said in words too, never by colour alone.
    assert "Әлі ойынға кірмеген" in grid and "Жауап берілмеген" in grid
