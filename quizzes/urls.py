from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from .converters import IdConverter
from .views import (
    accounts,
    article,
    authoring,
    cards,
    classroom,
    live,
    live_events,
    live_results,
    pages,
    student,
    teacher,
)

register_converter(IdConverter, "id")

urlpatterns = [
    path("", pages.home, name="home"),
    path("article/", article.article, name="article"),
    path("healthz", pages.healthz, name="healthz"),
    # Accounts: a username and a password, no e-mail.
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.RateLimitedLoginView.as_view(), name="login"),
    path("accounts/teacher/", accounts.become_teacher, name="become_teacher"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordSetOrChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Sign-in cards: the QR code's link, and its code typed with the class code.
    path("card/<str:secret>/", cards.card_link, name="card_link"),
    path("accounts/card/", cards.card_code, name="card_code"),
    # Quizzes
    path("quiz/", student.quiz_list, name="quiz_list"),
    path("quiz/<slug:key>/start/", student.quiz_start, name="quiz_start"),
    path("attempt/<id:pk>/", student.attempt_resume, name="attempt_resume"),
    path("attempt/<id:pk>/q/<id:position>/", student.attempt_question, name="attempt_question"),
    path("attempt/<id:pk>/finish/", student.attempt_finish_view, name="attempt_finish"),
    path("attempt/<id:pk>/review/", student.attempt_review, name="attempt_review"),
    path("progress/", student.progress, name="progress"),
    path("practice/", student.practice, name="practice"),
    # Classrooms, as a pupil
    path("join/", classroom.join, name="join"),
    path("join/<str:code>/", classroom.join, name="join_code"),
    path("join/<str:code>/<str:signature>/", classroom.join, name="join_link"),
    path("class/<id:pk>/", classroom.boards, name="classroom_boards"),
    path("assignment/<id:pk>/start/", classroom.assignment_begin, name="assignment_start"),
    path("assignment/<id:pk>/board/", classroom.assignment_board, name="assignment_board"),
    # The live game: players at /play/, the host at /live/.
    path("play/", live.play_join, name="play_join"),
    path("play/<str:pin>/", live.play, name="play"),
    path("play/<str:pin>/answer/", live.play_answer, name="play_answer"),
    path("live/new/", live.host_new, name="live_new"),
    path("live/<str:pin>/host/", live.host, name="live_host"),
    path("live/<str:pin>/control/", live.host_control, name="live_control"),
    path("live/<str:pin>/remove/", live.host_remove, name="live_remove"),
    # Their event streams (served by uvicorn: see quizsite/asgi.py)
    path("play/<str:pin>/events", live_events.player_events, name="play_events"),
    path("live/<str:pin>/host/events", live_events.host_events, name="live_host_events"),
    # Teaching
    path("teach/", teacher.dashboard, name="teacher_dashboard"),
    path("teach/class/<id:pk>/", teacher.classroom_detail, name="teacher_classroom"),
    path("teach/class/<id:pk>/code/", teacher.classroom_regenerate, name="teacher_regenerate"),
    path("teach/class/<id:pk>/edit/", teacher.classroom_edit, name="teacher_classroom_edit"),
    path(
        "teach/class/<id:pk>/withdraw/",
        teacher.classroom_withdraw_view,
        name="teacher_classroom_withdraw",
    ),
    path(
        "teach/class/<id:pk>/restore/",
        teacher.classroom_restore_view,
        name="teacher_classroom_restore",
    ),
    path(
        "teach/class/<id:pk>/remove/<id:student_id>/",
        teacher.classroom_remove,
        name="teacher_remove_member",
    ),
    path("teach/class/<id:pk>/board/", teacher.classroom_board_visibility, name="teacher_board"),
    path("teach/class/<id:pk>/cards/", cards.cards, name="teacher_cards"),
    path("teach/class/<id:pk>/cards/new/", cards.cards_issue_view, name="teacher_cards_issue"),
    path(
        "teach/class/<id:pk>/cards/<id:student_id>/new/",
        cards.card_issue_view,
        name="teacher_card_issue",
    ),
    path("teach/class/<id:pk>/pupils/new/", cards.pupils_add, name="teacher_pupils_add"),
    path("teach/class/<id:pk>/assign/", teacher.assignment_create, name="teacher_assign"),
    path("teach/assignment/<id:pk>/", teacher.assignment_detail, name="teacher_assignment"),
    path("teach/attempt/<id:pk>/", teacher.attempt_detail, name="teacher_attempt"),
    path("teach/assignment/<id:pk>/edit/", teacher.assignment_edit, name="teacher_assignment_edit"),
    path(
        "teach/assignment/<id:pk>/withdraw/",
        teacher.assignment_withdraw_view,
        name="teacher_assignment_withdraw",
    ),
    path(
        "teach/assignment/<id:pk>/restore/",
        teacher.assignment_restore_view,
        name="teacher_assignment_restore",
    ),
    path("teach/assignment/<id:pk>/grades.csv", teacher.assignment_csv, name="teacher_csv"),
    path(
        "teach/assignment/<id:pk>/extension/<id:extension_id>/delete/",
        teacher.extension_delete,
        name="teacher_extension_delete",
    ),
    path("teach/sets/", authoring.set_list, name="teacher_sets"),
    path("teach/sets/<id:pk>/", authoring.set_detail, name="teacher_set"),
    path("teach/sets/<id:pk>/withdraw/", authoring.set_withdraw_view, name="teacher_set_withdraw"),
    path("teach/sets/<id:pk>/restore/", authoring.set_restore_view, name="teacher_set_restore"),
    path("teach/sets/<id:pk>/add/", authoring.set_add, name="teacher_set_add"),
    path(
        "teach/sets/<id:pk>/remove/<id:item_id>/", authoring.set_remove, name="teacher_set_remove"
    ),
    path("teach/sets/<id:pk>/pool/", authoring.pool_add, name="teacher_pool_add"),
    path(
        "teach/sets/<id:pk>/pool/<id:pool_id>/delete/",
        authoring.pool_remove,
        name="teacher_pool_remove",
    ),
    path("teach/sets/<id:pk>/export/", authoring.set_export, name="teacher_set_export"),
    path("teach/sets/<id:pk>/import/", authoring.set_import_view, name="teacher_set_import"),
    path("teach/questions/new/", authoring.question_edit, name="teacher_question_new"),
    path("teach/questions/<id:pk>/", authoring.question_edit, name="teacher_question_edit"),
    path(
        "teach/questions/<id:pk>/withdraw/",
        authoring.question_withdraw_view,
        name="teacher_question_withdraw",
    ),
    # After a live game: the host's report and CSV.
    path("live/game/<id:pk>/report/", live_results.game_report, name="live_game_report"),
    path("live/game/<id:pk>/results.csv", live_results.game_csv, name="live_game_csv"),
]
