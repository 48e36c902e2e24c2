"""Demo data of the call for projects: the DIDH's 2026 call (action plan 2026, project 21) and a
draft application by the ``association`` persona. All texts are fictional demo content written
for Tatabbu; the call's rubric and documents follow common practice for such calls."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from tatabbu.accounts.choices import Role
from tatabbu.accounts.models import User
from tatabbu.taxonomy.models import Theme

from . import services
from .models import Application, Association, Call

DEMO_REFERENCE = "DIDH-AAP-2026"
_CASABLANCA = ZoneInfo("Africa/Casablanca")

CALL = {
    "reference": DEMO_REFERENCE,
    "title_ar": "طلب مشاريع 2026 لفائدة الجمعيات العاملة في مجال حقوق الإنسان (بيانات تجريبية)",
    "title_fr": "Appel à projets 2026 pour les associations œuvrant dans le domaine des droits "
    "de l'homme (données de démonstration)",
    "title_en": "2026 call for projects for associations working on human rights (demo data)",
    "description_ar": "يندرج هذا الطلب في إطار المشروع 21 من مخطط عمل المندوبية الوزارية المكلفة "
    "بحقوق الإنسان لسنة 2026. يدعم مشاريع الجمعيات في التوعية بحقوق الإنسان، والولوج إلى العدالة، "
    "ومتابعة توصيات آليات الأمم المتحدة. نص تجريبي.",
    "description_fr": "Cet appel met en œuvre le projet 21 du plan d'action 2026 de la DIDH. Il "
    "soutient des projets associatifs de sensibilisation aux droits de l'homme, d'accès à la "
    "justice et de suivi des recommandations des mécanismes des Nations Unies. Texte de "
    "démonstration.",
    "description_en": "This call carries out project 21 of the DIDH's 2026 action plan. It "
    "supports "
    "associations' projects on human-rights awareness, access to justice and follow-up of the "
    "recommendations of the UN mechanisms. Demo text.",
    "eligibility_ar": "جمعية مؤسسة بصفة قانونية منذ سنتين على الأقل؛ تعمل في مجال حقوق الإنسان؛ "
    "وضعية قانونية ومالية سليمة؛ مشروع مدته بين 6 و12 شهرا.",
    "eligibility_fr": "Association légalement constituée depuis au moins deux ans ; active dans le "
    "domaine des droits de l'homme ; situation juridique et financière régulière ; projet de 6 à "
    "12 mois.",
    "eligibility_en": "Association legally constituted for at least two years; working on human "
    "rights; legal and financial situation in order; project lasting 6 to 12 months.",
    "budget_envelope": Decimal("2000000.00"),
    "currency": "MAD",
    "opens_at": datetime.datetime(2026, 2, 2, 9, 0, tzinfo=_CASABLANCA),
    "closes_at": datetime.datetime(2026, 12, 31, 23, 59, tzinfo=_CASABLANCA),
}

CRITERIA = [
    (
        "مدى ملاءمة المشروع لأولويات الطلب",
        "Pertinence au regard des priorités de l'appel",
        "Relevance to the call's priorities",
        30,
    ),
    (
        "جودة المنهجية وخطة العمل وقابليتها للتنفيذ",
        "Qualité et faisabilité de la méthodologie et du plan de travail",
        "Quality and feasibility of the method and work plan",
        25,
    ),
    (
        "الأثر المنتظر على المستفيدين واستدامته",
        "Impact attendu sur les bénéficiaires et durabilité",
        "Expected impact on beneficiaries and sustainability",
        20,
    ),
    (
        "قدرات الجمعية وخبرتها",
        "Capacités et expérience de l'association",
        "Capacity and experience of the association",
        15,
    ),
    (
        "سلامة الميزانية والتمويل المشترك",
        "Cohérence du budget et cofinancement",
        "Soundness of the budget and co-funding",
        10,
    ),
]

REQUIRED_DOCUMENTS = [
    ("النظام الأساسي للجمعية", "Statuts de l'association", "Statutes of the association"),
    ("وصل الإيداع النهائي", "Récépissé de dépôt définitif", "Final registration receipt"),
    (
        "آخر تقرير أدبي ومالي",
        "Derniers rapports moral et financier",
        "Latest activity and financial reports",
    ),
    ("الميزانية المفصلة للمشروع", "Budget détaillé du projet", "Detailed project budget"),
]

THEMES = [
    "Human rights education, trainings & awareness raising",
    "Access to justice & remedy",
    "Cooperation & consultation with civil society",
]


def _coordinator() -> User | None:
    if getattr(settings, "TATABBU_ALLOW_SEED_PERSONAS", False):
        from tatabbu.accounts.services import personas_seed

        if not User.objects.filter(username="coordinator").exists():
            personas_seed(actor=None)
    return User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()


def load_calls_demo(data_dir: Path) -> dict[str, Any]:
    """The demo call (published) and the persona's draft application; idempotent."""
    coordinator = _coordinator()
    if coordinator is None:
        return {"skipped": "no coordinator account"}
    outcome = {"calls": 0, "applications": 0}
    call = Call.objects.filter(reference=DEMO_REFERENCE).first()
    if call is None:
        call = services.call_create(
            actor=coordinator,
            themes=Theme.objects.filter(label_en__in=THEMES),
            criteria=[
                {
                    "label_ar": ar,
                    "label_fr": fr,
                    "label_en": en,
                    "weight": Decimal(weight),
                    "max_score": 10,
                }
                for ar, fr, en, weight in CRITERIA
            ],
            required_documents=[
                {"label_ar": ar, "label_fr": fr, "label_en": en}
                for ar, fr, en in REQUIRED_DOCUMENTS
            ],
            **CALL,
        )
        services.call_publish(actor=coordinator, call=call, version=call.version)
        outcome["calls"] = 1
    persona = User.objects.filter(username="association", role=Role.ASSOCIATION).first()
    if persona is None:
        return outcome
    association = Association.objects.filter(user=persona).first()
    if association is None:
        association = services.association_profile_create(
            actor=coordinator,
            user=persona,
            name="جمعية أمل للحقوق — Association Amal pour les droits (fictive, démonstration)",
            registration_number="DEMO-0001",
            contact_name="Hind Association",
        )
    if not Application.objects.filter(call=call, association=association).exists() and (
        call.is_open()
    ):
        services.application_create(
            actor=persona,
            call=call,
            project_title="عيادات قانونية متنقلة لفائدة النساء في الوسط القروي (بيانات تجريبية)",
            summary="مشروع تجريبي: قوافل للاستشارة القانونية المجانية في ثلاث جماعات قروية.",
            objectives="إخبار 500 امرأة بحقوقهن ومواكبة 100 حالة نحو المساعدة القضائية.",
            beneficiaries="نساء الوسط القروي بجهة سوس ماسة.",
            duration_months=12,
            language="ar",
            budget_lines=[
                {"label": "تكوين المنشطات", "amount": Decimal("60000"), "co_funding": Decimal(0)},
                {
                    "label": "تنقل القوافل",
                    "amount": Decimal("90000"),
                    "co_funding": Decimal("20000"),
                },
            ],
        )
        outcome["applications"] = 1
    return outcome
