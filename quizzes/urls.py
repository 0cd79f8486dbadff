from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, article, pages, student

urlpatterns = [
    path("", pages.home, name="home"),
    path("article/", article.article, name="article"),
    path("healthz", pages.healthz, name="healthz"),
    # Accounts: a username and a password, no e-mail.
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Quizzes
    path("quiz/", student.quiz_list, name="quiz_list"),
    path("quiz/<slug:key>/start/", student.quiz_start, name="quiz_start"),
    path("attempt/<int:pk>/", student.attempt_resume, name="attempt_resume"),
    path("attempt/<int:pk>/q/<int:position>/", student.attempt_question, name="attempt_question"),
    path("attempt/<int:pk>/finish/", student.attempt_finish_view, name="attempt_finish"),
    path("attempt/<int:pk>/review/", student.attempt_review, name="attempt_review"),
    path("progress/", student.progress, name="progress"),
    path("practice/", student.practice, name="practice"),
]
