from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from django.core import checks

        from quizzes import auth  # noqa: F401  (connects the session signals)
        from quizzes.realtime import check_engine

        checks.register(check_engine)
