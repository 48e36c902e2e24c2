"""Demo data of engagement with the UN mechanisms (load_demo step "engagement"), idempotent and
written through the services.

Events and visits are real (REFERENCE.md §2.4, §5; the 2026 action plan, projects 1–9): dates
the sources do not give are the known window (the session, the year) with ``dates_confirmed``
unticked. Individual communications, special-procedures letters and questionnaires are
confidential and not public: the demo ones are **fictitious examples**, marked as such.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from tatabbu.actionplan.models import Project
from tatabbu.institutions.models import Institution
from tatabbu.mechanisms.models import Mechanism

from . import services
from .models import (
    CountryVisit,
    Event,
    IndividualCommunication,
    Questionnaire,
    ReportingCycle,
    SpecialProcedureCommunication,
    StateReport,
)

D = datetime.date
FICTITIOUS = "Exemple fictif (données de démonstration) — fictitious example (demo data)."
YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))

EVENTS: list[dict[str, Any]] = [
    {
        "key": "hrc-61",
        "kind": "hrc_session",
        "hrc_session": 61,
        "title_en": "Human Rights Council, 61st session",
        "title_fr": "Conseil des droits de l'homme, 61e session",
        "title_ar": "مجلس حقوق الإنسان، الدورة الحادية والستون",
        "dates": (D(2026, 2, 23), D(2026, 3, 31), True),
        "location": "Geneva",
        "description": "High-level segment 23–25 February; High Commissioner's global update "
        "27 February. President: Amb. Sidharto Reza Suryodipuro (Indonesia).",
        "source": "REFERENCE.md §5 [V] (ungeneva.org press release, February 2026)",
        "projects": [7],
    },
    {
        "key": "hrc-62",
        "kind": "hrc_session",
        "hrc_session": 62,
        "title_en": "Human Rights Council, 62nd session",
        "title_fr": "Conseil des droits de l'homme, 62e session",
        "title_ar": "مجلس حقوق الإنسان، الدورة الثانية والستون",
        "dates": (D(2026, 6, 15), D(2026, 7, 10), False),
        "location": "Geneva",
        "description": "June–July 2026; exact dates not found (typically mid-June to early July).",
        "source": "REFERENCE.md §5 [U]",
        "projects": [7],
    },
    {
        "key": "hrc-63",
        "kind": "hrc_session",
        "hrc_session": 63,
        "title_en": "Human Rights Council, 63rd session",
        "title_fr": "Conseil des droits de l'homme, 63e session",
        "title_ar": "مجلس حقوق الإنسان، الدورة الثالثة والستون",
        "dates": (D(2026, 9, 14), D(2026, 10, 9), False),
        "location": "Geneva",
        "description": "September–October 2026; exact dates not found.",
        "source": "REFERENCE.md §5 [U]",
        "projects": [7],
    },
    {
        "key": "hrc-61-nmirf-forum",
        "kind": "side_event",
        "parent": "hrc-61",
        "title_en": "International forum on national mechanisms for implementation, reporting "
        "and follow-up (side event)",
        "title_fr": "Forum international sur les mécanismes nationaux de mise en œuvre, "
        "d'établissement des rapports et de suivi (événement parallèle)",
        "title_ar": "منتدى دولي حول الآليات الوطنية للتنفيذ وإعداد التقارير والتتبع "
        "(فعالية موازية)",
        "dates": (D(2026, 2, 23), D(2026, 3, 31), False),
        "location": "Geneva",
        "description": "With Portugal, Paraguay, Brazil and OHCHR; chaired by the "
        "Interministerial Delegate. Day within the session not recorded.",
        "source": "2026 plan, project 5; REFERENCE.md §5 [V] (en.assahafa.com)",
        "projects": [5],
        "participants": [("Mohammed El Habib Belkouch", "Interministerial Delegate", "didh")],
    },
    {
        "key": "hrc-62-anticorruption-seminar",
        "kind": "side_event",
        "parent": "hrc-62",
        "title_en": "Seminar on anti-corruption and human rights (side event)",
        "title_fr": "Séminaire sur la lutte contre la corruption et les droits de l'homme "
        "(événement parallèle)",
        "title_ar": "ندوة حول مكافحة الفساد وحقوق الإنسان (فعالية موازية)",
        "dates": (D(2026, 6, 15), D(2026, 7, 10), False),
        "location": "Geneva",
        "description": "With the INPPLC and experts of international bodies.",
        "source": "2026 plan, project 6",
        "projects": [6],
        "participants": [("INPPLC", "Co-organiser", "inpplc")],
    },
    {
        "key": "seminar-torture-safeguards-2026",
        "kind": "seminar",
        "title_en": "Regional seminar on fundamental legal safeguards for the prevention of "
        "torture",
        "title_fr": "Séminaire régional sur les garanties juridiques fondamentales pour la "
        "prévention de la torture",
        "title_ar": "ندوة إقليمية حول الضمانات القانونية الأساسية للوقاية من التعذيب",
        "dates": (*YEAR_2026, False),
        "location": "Morocco",
        "description": "With the CSPJ, the Presidency of the Public Prosecution, the CNDH and the "
        "Convention against Torture Initiative (CTI). Date to be set.",
        "source": "2026 plan, project 1",
        "projects": [1],
    },
    {
        "key": "upr-retreat-2026",
        "kind": "seminar",
        "title_en": "International retreat on reforms to support and improve the UPR",
        "title_fr": "Retraite internationale sur les réformes pour soutenir et améliorer l'EPU",
        "title_ar": "خلوة دولية حول إصلاحات دعم وتحسين الاستعراض الدوري الشامل",
        "dates": (*YEAR_2026, False),
        "description": "With OHCHR and UPR Info. Date to be set.",
        "source": "2026 plan, project 2",
        "projects": [2],
        "cycles": ["upr-5"],
    },
    {
        "key": "nmirf-network-lisbon-2026",
        "kind": "seminar",
        "title_en": "3rd seminar of the International Network of NMIRFs",
        "title_fr": "3e séminaire du Réseau international des mécanismes nationaux",
        "title_ar": "الندوة الثالثة للشبكة الدولية للآليات الوطنية",
        "dates": (*YEAR_2026, False),
        "location": "Lisbon",
        "description": "Adopted the Network's 2026–2030 action plan; preparation of the 4th "
        "seminar, in Morocco in 2027.",
        "source": "2026 plan, project 3; REFERENCE.md §5.1 [V]",
        "projects": [3],
    },
    {
        "key": "glion-xii",
        "kind": "meeting",
        "title_en": "12th Glion Human Rights Dialogue",
        "title_fr": "12e Dialogue de Glion sur les droits de l'homme",
        "title_ar": "حوار غليون الثاني عشر لحقوق الإنسان",
        "dates": (*YEAR_2026, False),
        "location": "Switzerland",
        "description": "On reform of the UN human-rights system, with the Universal Rights Group "
        "and the Permanent Missions of China and the UAE in Geneva.",
        "source": "2026 plan, project 4; REFERENCE.md §5.1",
        "projects": [4],
    },
    {
        "key": "workshop-individual-communications-2026",
        "kind": "workshop",
        "title_en": "Workshop assessing the responses to individual communications",
        "title_fr": "Atelier d'évaluation des réponses aux communications individuelles",
        "title_ar": "ورشة لتقييم الردود على البلاغات الفردية",
        "dates": (*YEAR_2026, False),
        "location": "Rabat",
        "description": "With the Presidency of the Public Prosecution.",
        "source": "2026 plan, project 8",
        "projects": [8],
        "participants": [("Presidency of the Public Prosecution", "Co-organiser", "pmp")],
    },
    {
        "key": "iimp-study-visit-2026",
        "kind": "visit",
        "title_en": "Study visit of the Independent Institution on Missing Persons in Syria",
        "title_fr": "Visite d'étude de l'Institution indépendante sur les personnes disparues "
        "en Syrie",
        "title_ar": "زيارة دراسية للمؤسسة المستقلة المعنية بالمفقودين في سوريا",
        "dates": (*YEAR_2026, False),
        "location": "Morocco",
        "source": "2026 plan, project 9; REFERENCE.md §5.1 [V]",
        "projects": [9],
    },
]

VISITS: list[dict[str, Any]] = [
    {
        "mandate": "SR-TORTURE",
        "status": "reported",
        "start_date": D(2012, 9, 15),
        "end_date": D(2012, 9, 22),
        "programme": "Rabat, Casablanca, Salé, Laâyoune (17–18 September).",
        "report_symbol": "A/HRC/22/53/Add.2",
        "notes": "Juan E. Méndez. Report presented at HRC22 (March 2013). REFERENCE.md §2.4 [V].",
        "institutions": ["ministry-of-justice", "dgapr"],
    },
    {
        "mandate": "WG-DISAPPEARANCES",
        "status": "reported",
        "start_date": D(2009, 6, 22),
        "end_date": D(2009, 6, 25),
        "report_symbol": "A/HRC/13/31/Add.1",
        "notes": "REFERENCE.md §2.4 [V].",
        "institutions": ["ministry-of-justice"],
    },
    {
        "mandate": "SR-RACISM",
        "status": "completed",
        "start_date": D(2018, 12, 13),
        "end_date": D(2018, 12, 21),
        "notes": "E. Tendayi Achiume. REFERENCE.md §2.4 [V]; report symbol not recorded.",
    },
    {
        "mandate": "SR-TORTURE",
        "status": "requested",
        "notes": "Visit of the Special Rapporteur on torture in the 2026 plan (project 7); "
        "dates to be agreed.",
        "institutions": ["ministry-of-justice", "pmp", "dgapr"],
        "projects": [7],
    },
]


def _projects(numbers: list[int]) -> list[Project]:
    return list(Project.objects.filter(plan__slug="didh-2026", number__in=numbers))


def _institutions(slugs: list[str]) -> list[Institution]:
    return list(Institution.objects.filter(slug__in=slugs))


def _events(actor: Any) -> int:
    created = 0
    for row in EVENTS:
        if Event.objects.filter(key=row["key"]).exists():
            continue
        start, end, confirmed = row["dates"]
        event = services.event_create(
            actor=actor,
            key=row["key"],
            kind=row["kind"],
            title_ar=row["title_ar"],
            title_fr=row["title_fr"],
            title_en=row["title_en"],
            hrc_session=row.get("hrc_session"),
            parent=Event.objects.filter(key=row.get("parent", "")).first(),
            start_date=start,
            end_date=end,
            dates_confirmed=confirmed,
            location=row.get("location", ""),
            description=row.get("description", ""),
            source=row.get("source", ""),
            projects=_projects(row.get("projects", [])),
            reporting_cycles=ReportingCycle.objects.filter(key__in=row.get("cycles", [])),
        )
        for name, function, slug in row.get("participants", []):
            services.participant_add(
                actor=actor,
                event=event,
                name=name,
                function=function,
                institution=Institution.objects.filter(slug=slug).first(),
            )
        created += 1
    return created


def _visits(actor: Any) -> int:
    created = 0
    for row in VISITS:
        mandate = Mechanism.objects.get(code=row["mandate"])
        if CountryVisit.objects.filter(
            mandate=mandate, start_date=row.get("start_date"), status=row["status"]
        ).exists():
            continue
        fields = {name: row[name] for name in services.VISIT_FIELDS if name in row}
        services.visit_create(
            actor=actor,
            mandate=mandate,
            institutions=_institutions(row.get("institutions", [])),
            projects=_projects(row.get("projects", [])),
            **fields,
        )
        created += 1
    return created


def _confidential_examples(actor: Any) -> int:
    created = 0
    if not IndividualCommunication.objects.filter(reference="DEMO-1/2025").exists():
        services.communication_create(
            actor=actor,
            committee=Mechanism.objects.get(code="CCPR"),
            institutions=_institutions(["ministry-of-justice", "pmp"]),
            reference="DEMO-1/2025",
            author="X. (fictitious)",
            registered_on=D(2025, 11, 3),
            subject=f"{FICTITIOUS} Alleged arbitrary detention and fair-trial guarantees.",
            articles="9, 14",
            interim_measures=False,
        )
        created += 1
    if not IndividualCommunication.objects.filter(reference="DEMO-2/2024").exists():
        services.communication_create(
            actor=actor,
            committee=Mechanism.objects.get(code="CEDAW"),
            institutions=_institutions(["ministry-of-solidarity-social-integration-and-family"]),
            reference="DEMO-2/2024",
            author="Y. (fictitious)",
            registered_on=D(2024, 5, 6),
            subject=f"{FICTITIOUS} Custody and maintenance after divorce.",
            articles="2, 16",
            observations_submitted_on=D(2024, 11, 4),
            admissibility="admissible",
            outcome="violation",
            views_symbol="CEDAW/C/DEMO/D/2/2024",
            views_date=D(2026, 2, 20),
            remedy="Review the decision; compensation (fictitious example).",
            status="decided",
        )
        created += 1
    if not SpecialProcedureCommunication.objects.filter(reference="DEMO AL MAR 1/2026").exists():
        services.sp_communication_create(
            actor=actor,
            mandates=[Mechanism.objects.get(code="SR-HR-DEFENDERS")],
            institutions=_institutions(["ministry-of-justice", "ministry-of-interior"]),
            reference="DEMO AL MAR 1/2026",
            kind="AL",
            sent_on=D(2026, 10, 12),
            subject=f"{FICTITIOUS} Alleged restrictions on a human-rights defender.",
        )
        created += 1
    if not Questionnaire.objects.filter(title__startswith="DEMO").exists():
        services.questionnaire_create(
            actor=actor,
            mechanism=Mechanism.objects.get(code="SR-VIOLENCE-AGAINST-WOMEN"),
            institutions=_institutions(
                ["ministry-of-justice", "ministry-of-solidarity-social-integration-and-family"]
            ),
            title="DEMO — Questionnaire on violence against women (fictitious example)",
            received_on=D(2026, 10, 1),
            due_date=D(2026, 12, 15),
            questions="1. Legislation adopted since 2022.\n2. Services for survivors.",
        )
        created += 1
    return created


REPORT_SECTIONS = [
    (
        "Cadre constitutionnel et juridique de l'application du Pacte (art. 2)",
        "2",
        ["ministry-of-justice", "general-secretariat-of-the-government"],
    ),
    (
        "Interdiction de la torture et traitement des personnes privées de liberté (art. 7 et 10)",
        "7, 10",
        ["ministry-of-justice", "pmp", "dgapr"],
    ),
    ("Droit à un procès équitable (art. 14)", "14", ["ministry-of-justice", "cspj"]),
    (
        "Égalité entre les femmes et les hommes (art. 3 et 26)",
        "3, 26",
        ["ministry-of-solidarity-social-integration-and-family"],
    ),
]


def _report_draft(actor: Any) -> int:
    """The 7th ICCPR report being drafted (2026 plan, project 11): sections mapped to the
    Covenant's articles and contributions requested; no text is invented."""
    if StateReport.objects.filter(cycle__key="ccpr-7").exists():
        return 0
    report = services.state_report_create(
        actor=actor,
        cycle=ReportingCycle.objects.get(key="ccpr-7"),
        title="Septième rapport périodique du Maroc au titre du Pacte international relatif "
        "aux droits civils et politiques",
        language="fr",
        symbol="CCPR/C/MAR/7",
    )
    for heading, articles, institutions in REPORT_SECTIONS:
        section = services.section_create(
            actor=actor, report=report, heading=heading, articles=articles
        )
        services.contribution_request_create(
            actor=actor,
            section=section,
            institutions=_institutions(institutions),
            deadline=D(2026, 12, 31),
            instructions="Mesures législatives, institutionnelles et pratiques depuis 2016, "
            "avec données chiffrées.",
        )
    return 1


def load_engagement_demo(data_dir: Path) -> dict[str, Any]:
    """Events, visits and the fictitious confidential examples; links the reporting cycles to
    the 2026 plan's projects (the plan is loaded by an earlier step)."""
    from tatabbu.accounts.choices import Role
    from tatabbu.accounts.models import User

    services.reporting_cycles_load_reference(actor=None)
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk").first()
    if coordinator is None:  # the calls step creates the personas in development
        return {"skipped": "no coordinator account"}
    return {
        "events": _events(coordinator),
        "visits": _visits(coordinator),
        "examples": _confidential_examples(coordinator),
        "reports": _report_draft(coordinator),
    }
