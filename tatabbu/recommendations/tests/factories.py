"""factory_boy factories of recommendations and their documents and clusters.

Reference rows (mechanisms, States, themes…) come from ``load_reference`` (loaded once per test
database by the root conftest); factories look them up by code. ``search_text`` is filled like
the importer fills it (``search_index.build_search_text``).
"""

from __future__ import annotations

import itertools
from typing import Any

import factory

from tatabbu.mechanisms.models import Mechanism
from tatabbu.recommendations.models import Cluster, Recommendation, SourceDocument
from tatabbu.recommendations.search_index import build_search_text
from tatabbu.taxonomy.models import Country

_numbers = itertools.count(1)


def mechanism(code: str = "UPR") -> Mechanism:
    return Mechanism.objects.get(code=code)


def country(code: str = "MAR") -> Country:
    return Country.objects.get(code=code)


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    natural_key = factory.Sequence(lambda n: f"test-document-{n}")
    symbol = ""
    legacy_symbol = factory.Sequence(lambda n: f"TEST/DOC/{n}")
    mechanism = factory.LazyFunction(mechanism)
    state = factory.LazyFunction(country)
    document_type = "upr_report"
    cycle = None
    session = ""
    date = None


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name_fr = factory.Sequence(lambda n: f"Groupe {n}")
    name_ar = factory.Sequence(lambda n: f"مجموعة {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation; ``recommending_states`` / ``themes`` / … take lists after creation."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    natural_key = factory.Sequence(lambda n: f"test-recommendation-{n}")
    document = factory.SubFactory(SourceDocumentFactory)
    mechanism = factory.LazyAttribute(lambda rec: rec.document.mechanism)
    state = factory.LazyAttribute(lambda rec: rec.document.state)
    cycle = factory.LazyAttribute(lambda rec: rec.document.cycle)
    session = factory.LazyAttribute(lambda rec: rec.document.session)
    year = factory.LazyAttribute(lambda rec: rec.document.date.year if rec.document.date else None)
    paragraph = factory.Sequence(lambda n: f"{100 + n // 200}.{n % 200 + 1}")
    text_fr = factory.Sequence(lambda n: f"Recommandation de test numéro {n}")
    text_ar = ""
    text_en = ""
    position = "supported"
    search_text = factory.LazyAttribute(
        lambda rec: build_search_text(
            texts=[rec.text_ar, rec.text_fr, rec.text_en], paragraph=rec.paragraph
        )
    )

    @factory.post_generation
    def recommending_states(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.recommending_states.set(extracted)

    @factory.post_generation
    def themes(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.set(extracted)

    @factory.post_generation
    def sdg_goals(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.sdg_goals.set(extracted)
