"""Sign-in cards: a teacher prints them, a pupil signs in with the link or
the typed codes, and nothing else signs in with them."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.core.cards import code_digest, link_digest
from quizzes.core.codes import display_code
from quizzes.models import Membership, Profile, SigninCard
from quizzes.services.cards import CODE_FAILURES_PER_CLASS, cards_issue_for_class
from quizzes.services.classrooms import classroom_create, classroom_withdraw, membership_remove
from tests.conftest import make_user

CARD_LINK = re.compile(r"https?://[^/\s<]+(/card/[A-Za-z0-9_-]{22}/)")
CARD_CODE = re.compile(r"<dd>([A-Z0-9]{4}-[A-Z0-9]{4})</dd>")
WRONG_CODES = "Бұл кодтармен ешкім кіре алмайды"


def signed_in(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def issue(classroom):
    """The cards of the whole class, as the teacher prints them."""
    made = cards_issue_for_class(classroom=classroom, only_missing=False, now=timezone.now())
    return {card.membership.student_id: card for card in made}


def link_of(card) -> str:
    return reverse("card_link", args=[card.link_secret])


def type_codes(client, classroom, code, class_code=None, **extra):
    return client.post(
        reverse("card_code"),
        {"class_code": class_code or display_code(classroom.join_code), "code": code},
        **extra,
    )


# -- printing ------------------------------------------------------------------------


def test_the_classroom_page_leads_to_the_cards(teacher_client, classroom):
    html = teacher_client.get(reverse("teacher_classroom", args=[classroom.pk])).content.decode()
    assert "Кіру карталарын басып шығару" in html
    assert reverse("teacher_cards", args=[classroom.pk]) in html


def test_a_teacher_prints_cards_for_the_pupils_without_one(teacher_client, classroom, member):
    url = reverse("teacher_cards_issue", args=[classroom.pk])
    response = teacher_client.post(url, {"which": "missing"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Аружан Т." in html and display_code(classroom.join_code) in html
    assert '<svg role="img" aria-label="QR-код: Аружан Т. үшін кіру сілтемесі"' in html
    path = CARD_LINK.search(html).group(1)
    code = CARD_CODE.findall(html)[1]  # the class code comes first
    card = SigninCard.objects.get(membership=member)
    secret = path.split("/")[2]
    assert card.link_digest == link_digest(secret)  # the secret itself is nowhere
    assert card.code_digest == code_digest(classroom.pk, code)
    assert secret not in str(list(SigninCard.objects.values()))
    # Everyone has a card now: nothing more to print, and the page says so.
    again = teacher_client.post(url, {"which": "missing"}, follow=True)
    assert "Әр оқушының картасы бар" in again.content.decode()
    assert SigninCard.objects.get().link_digest == card.link_digest


def test_the_sheet_has_ten_cards_a_page(teacher_client, classroom):
    for n in range(12):
        Membership.objects.create(classroom=classroom, student=make_user(f"p{n}"), nickname=f"P{n}")
    html = teacher_client.post(
        reverse("teacher_cards_issue", args=[classroom.pk]), {"which": "all"}
    ).content.decode()
    sheets = html.split('<div class="card-sheet">')[1:]
    assert [sheet.count('class="signin-card"') for sheet in sheets] == [10, 2]


def test_the_cards_page_says_when_each_card_was_last_used(teacher_client, classroom):
    aruzhan, dauren = make_user("aruzhan"), make_user("dauren")
    Membership.objects.create(classroom=classroom, student=aruzhan, nickname="Аружан")
    Membership.objects.create(classroom=classroom, student=dauren, nickname="Дәурен")
    cards = issue(classroom)
    Client().get(link_of(cards[aruzhan.pk]))
    html = teacher_client.get(reverse("teacher_cards", args=[classroom.pk])).content.decode()
    used = timezone.localtime(SigninCard.objects.get(membership__student=aruzhan).last_used_at)
    assert used.strftime("%d.%m.%Y %H:%M") in html
    assert "әлі жоқ" in html  # Dәурен's card was never used


# -- signing in with the link --------------------------------------------------------


def test_the_link_signs_the_pupil_in_with_one_request(client, classroom, member):
    card = issue(classroom)[member.student_id]
    client.get(reverse("home"))  # a session as a visitor
    before = client.session.session_key
    response = client.get(link_of(card))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client) == member.student_id
    assert client.session.session_key != before  # a new session key
    assert SigninCard.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "secret", ["AAAAAAAAAAAAAAAAAAAAAA", "x", "A" * 500, "%00", "' OR 1=1 --", "Ә" * 22]
)
def test_a_made_up_link_signs_no_one_in(client, classroom, member, secret):
    issue(classroom)
    response = client.get(f"/card/{secret}/")
    assert response.status_code == 404
    assert "Бұл карта жарамсыз" in response.content.decode()
    assert signed_in(client) is None


def test_a_signed_in_browser_asks_before_it_changes_who_is_signed_in(
    client, classroom, member, other_student
):
    card = issue(classroom)[member.student_id]
    client.force_login(other_student)
    page = client.get(link_of(card))
    assert page.status_code == 200 and "Осы картамен кіресіз бе?" in page.content.decode()
    assert signed_in(client) == other_student.pk
    client.post(link_of(card))
    assert signed_in(client) == member.student_id
    assert client.get(link_of(card))["Location"] == reverse("home")  # already in: nothing to ask


def test_switching_by_the_link_needs_the_forms_token(classroom, member, other_student):
    card = issue(classroom)[member.student_id]
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(other_student)
    assert checked.post(link_of(card)).status_code == 403
    assert signed_in(checked) == other_student.pk


def test_a_new_card_stops_the_old_one_at_once(teacher_client, classroom, member):
    client = Client()
    old = issue(classroom)[member.student_id]
    response = teacher_client.post(
        reverse("teacher_card_issue", args=[classroom.pk, member.student_id])
    )
    new_path = CARD_LINK.search(response.content.decode()).group(1)
    assert client.get(link_of(old)).status_code == 404
    assert type_codes(client, classroom, old.code).status_code == 200
    assert signed_in(client) is None
    assert client.get(new_path).status_code == 302 and signed_in(client) == member.student_id


def test_new_cards_for_the_class_stop_all_the_old_ones(teacher_client, classroom, member):
    pupil2 = make_user("dauren")
    Membership.objects.create(classroom=classroom, student=pupil2, nickname="Дәурен")
    old = issue(classroom)
    url = reverse("teacher_cards_issue", args=[classroom.pk])
    asked = teacher_client.post(url, {"which": "all"}).content.decode()
    assert "Бүкіл сыныпқа жаңа карталар жасайсыз ба?" in asked
    assert Client().get(link_of(old[member.student_id])).status_code == 302  # nothing changed yet
    printed = teacher_client.post(url, {"which": "all", "confirmed": "1"}).content.decode()
    assert printed.count('class="signin-card"') == 2
    for card in old.values():
        assert Client().get(link_of(card)).status_code == 404


def test_a_pupil_who_left_the_class_cannot_sign_in_with_its_card(client, classroom, member):
    card = issue(classroom)[member.student_id]
    membership_remove(classroom=classroom, student_id=member.student_id)
    assert client.get(link_of(card)).status_code == 404
    assert WRONG_CODES in type_codes(client, classroom, card.code).content.decode()
    assert signed_in(client) is None


def test_an_archived_classrooms_cards_sign_no_one_in(client, classroom, member, assignment):
    from quizzes.services.assignments import assignment_start

    card = issue(classroom)[member.student_id]
    assignment_start(assignment=assignment, student=member.student, now=timezone.now())
    assert classroom_withdraw(classroom=classroom, now=timezone.now()) == "archived"
    assert client.get(link_of(card)).status_code == 404


# -- never a teacher -----------------------------------------------------------------


@pytest.mark.parametrize("power", ["teacher", "staff", "superuser"])
def test_no_card_is_made_for_a_teacher_or_staff(teacher_client, classroom, power):
    other = make_user("colleague", role="teacher" if power == "teacher" else "student")
    get_user_model().objects.filter(pk=other.pk).update(
        is_staff=power == "staff", is_superuser=power == "superuser"
    )
    Membership.objects.create(classroom=classroom, student=other, nickname="Әріптес")
    url = reverse("teacher_card_issue", args=[classroom.pk, other.pk])
    response = teacher_client.post(url, follow=True)
    assert "бұл — мұғалім тіркелгісі" in response.content.decode()
    whole = teacher_client.post(
        reverse("teacher_cards_issue", args=[classroom.pk]), {"which": "all"}
    )
    assert "Әріптес" not in whole.content.decode()
    assert not SigninCard.objects.exists()


@pytest.mark.parametrize("power", ["teacher", "staff", "superuser", "inactive"])
def test_a_card_made_before_an_account_gained_power_signs_no_one_in(
    client, classroom, member, power
):
    card = issue(classroom)[member.student_id]
    if power == "teacher":
        Profile.objects.filter(user=member.student).update(role="teacher")
    else:
        field = {"staff": "is_staff", "superuser": "is_superuser", "inactive": "is_active"}[power]
        get_user_model().objects.filter(pk=member.student_id).update(**{field: power != "inactive"})
    assert client.get(link_of(card)).status_code == 404
    assert WRONG_CODES in type_codes(client, classroom, card.code).content.decode()
    assert signed_in(client) is None


# -- signing in with the typed codes -------------------------------------------------


def test_the_login_page_leads_to_signing_in_by_code(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'<a href="{reverse("card_code")}">Карта кодымен кіріңіз</a>' in html


def test_the_codes_sign_in_as_typed(client, classroom, member):
    card = issue(classroom)[member.student_id]
    response = type_codes(
        client, classroom, f" {card.code[:4].lower()} {card.code[4:]}", classroom.join_code.lower()
    )
    assert response["Location"] == reverse("home")
    assert signed_in(client) == member.student_id


@pytest.mark.parametrize("wrong", ["class", "card", "both", "another_class"])
def test_wrong_codes_say_not_which_was_wrong(client, classroom, member, teacher, wrong):
    card = issue(classroom)[member.student_id]
    other_class = classroom_create(teacher=teacher, name="9 «Б»")
    stranger = make_user("stranger")
    Membership.objects.create(classroom=other_class, student=stranger, nickname="Бөтен")
    theirs = issue(other_class)[stranger.pk]
    class_code, code = {
        "class": ("ACDEFGHJ", card.code),
        "card": (classroom.join_code, "ACDEFGHJ"),
        "both": ("ACDEFGHJ", "ACDEFGHJ"),
        "another_class": (classroom.join_code, theirs.code),
    }[wrong]
    response = type_codes(client, classroom, code, class_code)
    assert response.status_code == 200
    assert WRONG_CODES in response.content.decode() and signed_in(client) is None


def test_wrong_codes_for_a_class_are_limited(client, classroom, member):
    card = issue(classroom)[member.student_id]
    for n in range(CODE_FAILURES_PER_CLASS):
        # From many addresses: the class code's own limit holds.
        type_codes(Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}"), classroom, "ACDEFGHJ")
    response = type_codes(client, classroom, card.code)
    assert response.status_code == 429
    assert "Тым көп талпыныс" in response.content.decode()
    assert signed_in(client) is None


def test_wrong_codes_from_one_address_are_limited(db, teacher, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    classroom = classroom_create(teacher=teacher, name="А")
    pupil = make_user("pupil")
    Membership.objects.create(classroom=classroom, student=pupil, nickname="Оқушы")
    card = issue(classroom)[pupil.pk]
    for n in range(5):
        type_codes(Client(), classroom, "ACDEFGHJ", class_code=f"QQQQQQQ{n + 3}")
    assert type_codes(Client(), classroom, card.code).status_code == 429
    assert type_codes(Client(REMOTE_ADDR="10.1.1.1"), classroom, card.code).status_code == 302


def test_a_class_signing_in_together_costs_its_address_nothing(db, teacher, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    classroom = classroom_create(teacher=teacher, name="А")
    for n in range(12):
        Membership.objects.create(classroom=classroom, student=make_user(f"p{n}"), nickname=f"{n}")
    for card in issue(classroom).values():
        assert type_codes(Client(), classroom, card.code).status_code == 302


# -- pupils without accounts ---------------------------------------------------------


def add_pupils(client, classroom, text):
    return client.post(reverse("teacher_pupils_add", args=[classroom.pk]), {"names": text})


def test_a_teacher_makes_accounts_from_names_and_prints_their_cards(teacher_client, classroom):
    response = add_pupils(teacher_client, classroom, "Аружан Т.\n\n  Дәурен   Қ. \r\nСәуле")
    html = response.content.decode()
    assert response.status_code == 200 and html.count('class="signin-card"') == 3
    members = {m.nickname: m.student for m in Membership.objects.filter(classroom=classroom)}
    assert set(members) == {"Аружан Т.", "Дәурен Қ.", "Сәуле"}
    aruzhan = members["Аружан Т."]
    assert aruzhan.username == "аружан.т" and not aruzhan.has_usable_password()
    assert aruzhan.profile.role == Profile.Role.STUDENT and not aruzhan.email
    pupil = Client()
    pupil.get(CARD_LINK.findall(html)[0])
    assert signed_in(pupil) == aruzhan.pk


def test_user_names_made_of_names_never_clash(teacher_client, teacher, classroom):
    make_user("аружан.т")
    other = classroom_create(teacher=teacher, name="10 «А»")
    add_pupils(teacher_client, classroom, "Аружан Т.\nАружан Т")
    add_pupils(teacher_client, other, "Аружан Т.")
    names = sorted(
        get_user_model()
        .objects.filter(username__startswith="аружан")
        .values_list("username", flat=True)
    )
    assert names == ["аружан.т", "аружан.т2", "аружан.т3", "аружан.т4"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Аружан\nДәурен\n" + "Ж" * 41, "3-жол: аты 40 таңбадан ұзын."),
        ("Аружан\n\nДәурен\nаружан", "4-жол: «аружан» 1-жолда да бар."),
        ("Дәурен\nАружан Т.", "2-жол: «Аружан Т.» сыныпта бұрыннан бар."),
        ("Дәурен\nСәуле\x1b[31m", "2-жол: көрінбейтін басқару таңбасы бар."),
        ("Дәурен\nСәуле\x00", "2-жол: көрінбейтін басқару таңбасы бар."),
        ("\n".join(f"Оқушы {n}" for n in range(61)), "Бір жолы ең көбі 60 ат"),
        ("  \n \n", "Кемінде бір ат жазыңыз."),
    ],
)
def test_a_bad_line_makes_nothing_and_is_named(teacher_client, classroom, member, text, said):
    users = get_user_model().objects.count()
    response = add_pupils(teacher_client, classroom, text)
    html = response.content.decode()
    assert response.status_code == 200 and said in html, html[html.find("error") - 200 :][:800]
    assert 'class="signin-card"' not in html
    assert get_user_model().objects.count() == users
    assert Membership.objects.filter(classroom=classroom).count() == 1


def test_a_card_made_account_sets_a_password_without_an_old_one(teacher_client, classroom):
    html = add_pupils(teacher_client, classroom, "Аружан Т.").content.decode()
    pupil = Client()
    pupil.get(CARD_LINK.search(html).group(1))
    page = pupil.get(reverse("password_change")).content.decode()
    assert "Құпиясөз қою" in page and "old_password" not in page
    response = pupil.post(
        reverse("password_change"),
        {"new_password1": "Kokshetau-1992", "new_password2": "Kokshetau-1992"},
    )
    assert response["Location"] == reverse("password_change_done")
    assert signed_in(pupil) is not None  # still signed in
    fresh = Client()
    login = fresh.post(reverse("login"), {"username": "аружан.т", "password": "Kokshetau-1992"})
    assert login.status_code == 302 and signed_in(fresh) is not None
    # With a password, changing it asks for the old one again.
    assert "old_password" in pupil.get(reverse("password_change")).content.decode()


def test_an_account_with_a_password_still_needs_the_old_one(student_client):
    html = student_client.get(reverse("password_change")).content.decode()
    assert "old_password" in html and "Құпиясөзді өзгерту" in html
    response = student_client.post(
        reverse("password_change"),
        {"new_password1": "Kokshetau-1992", "new_password2": "Kokshetau-1992"},
    )
    assert response.status_code == 200
    assert get_user_model().objects.get(username="aruzhan").check_password("pass-word-123")


# -- who may print -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/teach/class/{c}/cards/99999999999999999999/new/",
        "/teach/class/{c}/cards/999999/new/",
        "/teach/class/{c}/cards/{stranger}/new/",
        "/teach/class/99999999999999999999/cards/new/",
        "/teach/class/{c}/cards/abc/new/",
    ],
)
def test_a_tampered_id_is_404(teacher_client, classroom, member, path):
    stranger = make_user("stranger")
    url = path.format(c=classroom.pk, stranger=stranger.pk)
    assert teacher_client.post(url, {"which": "all"}).status_code == 404
    assert not SigninCard.objects.exists()


def test_printing_needs_a_post(teacher_client, classroom, member):
    assert (
        teacher_client.get(reverse("teacher_cards_issue", args=[classroom.pk])).status_code == 405
    )
    url = reverse("teacher_card_issue", args=[classroom.pk, member.student_id])
    assert teacher_client.get(url).status_code == 405


def test_an_archived_classroom_prints_no_cards(teacher_client, classroom, member, assignment):
    from quizzes.services.assignments import assignment_start

    assignment_start(assignment=assignment, student=member.student, now=timezone.now())
    classroom_withdraw(classroom=classroom, now=timezone.now())
    url = reverse("teacher_cards_issue", args=[classroom.pk])
    assert teacher_client.post(url, {"which": "all"}).status_code == 404
    html = teacher_client.get(reverse("teacher_cards", args=[classroom.pk])).content.decode()
    assert "Сынып мұрағатта" in html


def test_a_visitors_try_out_survives_signing_in_by_card(classroom, member, shipped_sets):
    from quizzes.models import Attempt

    visitor = Client()
    visitor.post(reverse("quiz_start", args=["try-it"]))
    attempt = Attempt.objects.get()
    visitor.post(reverse("attempt_finish", args=[attempt.pk]))
    visitor.get(link_of(issue(classroom)[member.student_id]))
    attempt.refresh_from_db()
    assert attempt.user == member.student and attempt.visitor_key == ""
