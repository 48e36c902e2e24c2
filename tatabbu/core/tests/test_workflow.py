import pytest

from tatabbu.core.exceptions import TransitionError
from tatabbu.core.workflow import REVIEW_WORKFLOW, ReviewStatus


@pytest.mark.parametrize(
    ("current", "step", "target"),
    [
        (ReviewStatus.DRAFT, "submit", ReviewStatus.SUBMITTED),
        (ReviewStatus.RETURNED, "submit", ReviewStatus.SUBMITTED),
        (ReviewStatus.SUBMITTED, "validate", ReviewStatus.VALIDATED),
        (ReviewStatus.SUBMITTED, "return", ReviewStatus.RETURNED),
        (ReviewStatus.VALIDATED, "publish", ReviewStatus.PUBLISHED),
    ],
)
def test_allowed_steps(current: str, step: str, target: str) -> None:
    assert REVIEW_WORKFLOW.check(current, step).target == target


@pytest.mark.parametrize(
    ("current", "step"),
    [
        (ReviewStatus.DRAFT, "validate"),
        (ReviewStatus.DRAFT, "publish"),
        (ReviewStatus.SUBMITTED, "publish"),
        (ReviewStatus.VALIDATED, "submit"),
        (ReviewStatus.PUBLISHED, "return"),
        (ReviewStatus.DRAFT, "unknown"),
    ],
)
def test_refused_steps(current: str, step: str) -> None:
    with pytest.raises(TransitionError):
        REVIEW_WORKFLOW.check(current, step)
