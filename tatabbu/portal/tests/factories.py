"""factory_boy factories of the portal's content (drafts unless told otherwise)."""

from __future__ import annotations

import secrets

import factory
from django.utils import timezone

from tatabbu.accounts.models import User
from tatabbu.documents.models import Document
from tatabbu.portal.choices import ArticleKind, PublicationStatus
from tatabbu.portal.models import Article, Publication


def _coordinator() -> User:
    return User.objects.get(username="coordinator")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    kind = ArticleKind.NEWS
    slug = factory.Sequence(lambda n: f"item-{n}")
    title_fr = factory.Sequence(lambda n: f"Actualité {n}")
    title_ar = factory.Sequence(lambda n: f"خبر {n}")
    body_fr = "Texte."
    status = PublicationStatus.DRAFT
    published_at = None
    created_by = factory.LazyFunction(_coordinator)


class PublishedArticleFactory(ArticleFactory):
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document row (the file itself is written by the tests that download it)."""

    class Meta:
        model = Document

    original_name = "report.pdf"
    stored_name = factory.LazyFunction(
        lambda: f"documents/{secrets.token_hex(1)}/{secrets.token_hex(16)}"
    )
    kind = "pdf"
    size = 0
    sha256 = "0" * 64
    purpose = "portal.publication"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    title_fr = factory.Sequence(lambda n: f"Rapport {n}")
    document = factory.SubFactory(DocumentFactory)
    status = PublicationStatus.DRAFT
    created_by = factory.LazyFunction(_coordinator)
