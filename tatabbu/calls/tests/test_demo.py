import pytest
from django.utils import timezone

from tatabbu.calls.demo import DEMO_REFERENCE, load_calls_demo
from tatabbu.calls.models import Application, Call

pytestmark = pytest.mark.django_db


def test_demo_call_and_draft_are_loaded_once(tmp_path, association) -> None:
    first = load_calls_demo(tmp_path)
    call = Call.objects.get(reference=DEMO_REFERENCE)
    assert call.is_published
    assert call.criteria.count() == 5
    assert sum(criterion.weight for criterion in call.criteria.all()) == 100
    assert call.required_documents.count() == 4
    expected_application = 1 if call.is_open(timezone.now()) else 0
    assert first == {"calls": 1, "applications": expected_application}
    assert load_calls_demo(tmp_path) == {"calls": 0, "applications": 0}
    assert Application.objects.filter(association__user=association).count() == expected_application
