"""Demo content of the portal: an "about" page and a news item, in Arabic, French and English,
written by a coordinator through the services (audited) and published. Fictional demo text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.models import Q

from tatabbu.accounts.choices import Role
from tatabbu.accounts.models import User

from . import services
from .choices import ArticleKind
from .models import Article

ITEMS = [
    {
        "kind": ArticleKind.PAGE,
        "slug": "about",
        "title_ar": "حول منصة تتبع",
        "title_fr": "À propos de Tatabbu",
        "title_en": "About Tatabbu",
        "summary_ar": "منصة تتبع تنفيذ التوصيات الصادرة عن آليات الأمم المتحدة لحقوق الإنسان.",
        "summary_fr": "La plateforme de suivi des recommandations des mécanismes des droits de "
        "l'homme des Nations Unies.",
        "summary_en": "The platform that follows up the recommendations of the United Nations "
        "human-rights mechanisms.",
        "body_ar": "تعرض هذه البوابة التوصيات التي تلقتها المملكة المغربية من آليات الأمم المتحدة "
        "لحقوق الإنسان، والتقدم المنشور في تنفيذها، وتقارير الدولة. (محتوى تجريبي)",
        "body_fr": "Ce portail présente les recommandations reçues par le Royaume du Maroc des "
        "mécanismes des droits de l'homme des Nations Unies, l'avancement publié de leur mise en "
        "œuvre et les rapports de l'État. (Contenu de démonstration)",
        "body_en": "This portal presents the recommendations the Kingdom of Morocco received from "
        "the United Nations human-rights mechanisms, the published progress of their "
        "implementation and the State's reports. (Demo content)",
    },
    {
        "kind": ArticleKind.NEWS,
        "slug": "portal-opening",
        "title_ar": "إطلاق البوابة العمومية لتتبع التوصيات (خبر تجريبي)",
        "title_fr": "Ouverture du portail public de suivi des recommandations (actualité de "
        "démonstration)",
        "title_en": "The public portal for following up recommendations opens (demo news)",
        "summary_ar": "البيانات المنشورة متاحة الآن للجمهور وللباحثين عبر واجهة برمجة مفتوحة.",
        "summary_fr": "Les données publiées sont désormais ouvertes au public et aux chercheurs "
        "par une API ouverte.",
        "summary_en": "Published data is now open to the public and to researchers through an "
        "open API.",
        "body_ar": "يمكن البحث في التوصيات حسب الآلية والموضوع وهدف التنمية المستدامة، وتحميل "
        "جميع البيانات المنشورة. (محتوى تجريبي)",
        "body_fr": "Les recommandations se recherchent par mécanisme, thème et objectif de "
        "développement durable, et toutes les données publiées se téléchargent. (Contenu de "
        "démonstration)",
        "body_en": "Recommendations can be searched by mechanism, theme and Sustainable "
        "Development Goal, and all published data can be downloaded. (Demo content)",
    },
]


def load_portal_demo(data_dir: Path) -> dict[str, Any]:
    """Create and publish the demo items that do not exist yet (idempotent)."""
    editor = (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.COORDINATOR) | Q(role=Role.ADMINISTRATOR))
        .order_by("role", "pk")
        .first()
    )
    if editor is None:
        return {"portal_items": 0, "skipped": "no coordinator"}
    created = 0
    for item in ITEMS:
        if Article.objects.filter(slug=item["slug"]).exists():
            continue
        fields = {name: value for name, value in item.items() if name != "kind"}
        article = services.article_create(actor=editor, kind=item["kind"], **fields)
        services.article_publish(actor=editor, article=article, version=article.version)
        created += 1
    return {"portal_items_created": created}
