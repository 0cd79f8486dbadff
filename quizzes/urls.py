from django.urls import path

from .views import article, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("article/", article.article, name="article"),
    path("healthz", pages.healthz, name="healthz"),
]
