"""The sitemap: public pages in the three languages (with ``hreflang`` alternates), published
records only (through ``selectors``)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors
from .choices import ArticleKind


class _Multilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(_Multilingual):
    priority = 0.8
    changefreq = "weekly"

    def items(self) -> list[tuple[str, dict[str, Any]]]:
        names = [
            "portal:home",
            "portal:recommendation_list",
            "portal:plan_list",
            "portal:call_list",
            "portal:news_list",
            "portal:publication_list",
            "portal:contact",
            "portal:api_docs",
        ]
        pages = [(name, {}) for name in names]
        pages += [("portal:explore", {"dimension": code}) for code in selectors.DIMENSIONS]
        return pages

    def location(self, item: tuple[str, dict[str, Any]]) -> str:
        return reverse(item[0], kwargs=item[1])


class ExploreSitemap(_Multilingual):
    priority = 0.6

    def items(self) -> list[tuple[str, str]]:
        return [
            (code, row.key) for code in selectors.DIMENSIONS for row in selectors.breakdown(code)
        ]

    def location(self, item: tuple[str, str]) -> str:
        return reverse("portal:explore_value", kwargs={"dimension": item[0], "key": item[1]})


class RecommendationSitemap(_Multilingual):
    priority = 0.5
    limit = 2000

    def items(self) -> Any:
        return selectors.published_recommendations().order_by("pk").only("uuid", "updated_at")

    def location(self, item: Any) -> str:
        return reverse("portal:recommendation_detail", kwargs={"uuid": item.uuid})

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ArticleSitemap(_Multilingual):
    priority = 0.6

    def items(self) -> list[Any]:
        return [
            *selectors.article_public_list(kind=ArticleKind.NEWS),
            *selectors.article_public_list(kind=ArticleKind.PAGE),
        ]

    def location(self, item: Any) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class CallSitemap(_Multilingual):
    def items(self) -> Any:
        return selectors.call_public_list()

    def location(self, item: Any) -> str:
        return reverse("portal:call_detail", kwargs={"uuid": item.uuid})


class PlanSitemap(_Multilingual):
    def items(self) -> Any:
        return selectors.plan_public_list()

    def location(self, item: Any) -> str:
        return reverse("portal:plan_detail", kwargs={"slug": item.slug})


SITEMAPS = {
    "pages": StaticSitemap,
    "explore": ExploreSitemap,
    "recommendations": RecommendationSitemap,
    "news": ArticleSitemap,
    "calls": CallSitemap,
    "plans": PlanSitemap,
}
