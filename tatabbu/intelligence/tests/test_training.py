"""``classify train`` / ``classify evaluate`` and the versioned model files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tatabbu.audit.models import Event
from tatabbu.intelligence import artefacts
from tatabbu.intelligence.ml.classifiers import CategoryModel
from tatabbu.intelligence.models import ModelArtefact


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("classify", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_evaluate_prints_model_and_baseline_per_task(upr_sample: Path):
    report = json.loads(_run("evaluate", "--data", str(upr_sample), "--format", "upr-info"))
    assert set(report["tasks"]) == {"upr-issues", "upr-action"}
    for task, figures in report["tasks"].items():
        assert figures["format"] == "upr-info"
        assert figures["data"] == str(upr_sample)
        for side in ("model", "baseline"):
            assert {"micro_f1", "macro_f1", "precision", "recall"} <= set(figures[side]), task
    assert "recall_at_3" not in report["tasks"]["upr-issues"]["model"]


@pytest.mark.django_db
def test_evaluate_institutions_reports_recall_at_3(didh_sample: Path):
    report = json.loads(_run("evaluate", "--data", str(didh_sample), "--format", "didh"))
    figures = report["tasks"]["institution"]
    assert 0 < figures["model"]["recall_at_3"] <= 1
    assert 0 < figures["baseline"]["recall_at_3"] <= 1


@pytest.mark.django_db
def test_evaluate_on_a_later_file_trains_on_the_other(upr_sample: Path, tmp_path: Path):
    from .conftest import sample_upr_info

    later = sample_upr_info(tmp_path / "later.csv", sessions=(15, 16), per_session=40)
    report = json.loads(
        _run(
            "evaluate",
            "--data",
            str(later),
            "--train",
            str(upr_sample),
            "--format",
            "upr-info",
            "--task",
            "upr-action",
        )
    )
    assert report["tasks"]["upr-action"]["test_rows"] == 80
    assert report["tasks"]["upr-action"]["train_rows"] == 480


def test_data_without_format_is_refused(tmp_path: Path):
    with pytest.raises(CommandError):
        call_command("classify", "evaluate", "--data", str(tmp_path / "x.csv"))


@pytest.mark.django_db
def test_training_stores_numbered_versions_with_fingerprint(model_dir: Path, upr_sample: Path):
    _run("train", "--data", str(upr_sample), "--format", "upr-info", "--task", "upr-action")
    _run("train", "--data", str(upr_sample), "--format", "upr-info", "--task", "upr-action")
    first, second = ModelArtefact.objects.filter(task="upr-action").order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.data_fingerprint == second.data_fingerprint and len(first.data_fingerprint) == 64
    assert first.file_path != second.file_path
    assert (model_dir / second.file_path).is_file()
    assert first.labels == ["1", "2", "3", "4", "5"]
    assert first.metrics["inner_validation"]["rows"] > 0
    assert Event.objects.filter(action="intelligence.model_train").count() == 2
    model = artefacts.load(second)
    assert model.predict(["Consider ratifying the Convention"]) == ["3"]
    # The stored action model is the one-vs-rest linear SVM: one weight row per category.
    assert second.algorithm == CategoryModel.algorithm
    assert model.weights.shape[0] == len(model.svm.classes_) == 5


@pytest.mark.django_db
def test_issues_training_stores_the_shared_threshold_model(model_dir: Path, upr_sample: Path):
    from tatabbu.intelligence.ml.classifiers import SharedThresholdLabelModel

    _run("train", "--data", str(upr_sample), "--format", "upr-info", "--task", "upr-issues")
    artefact = ModelArtefact.objects.get(task="upr-issues")
    assert artefact.algorithm == SharedThresholdLabelModel.algorithm
    assert artefact.metrics["inner_validation"]["rows"] > 0
    model = artefacts.load(artefact)
    assert isinstance(model, SharedThresholdLabelModel) and model.nb_alpha == 0.1
    assert len(set(model.thresholds.tolist())) == 1
    (suggestions,) = model.suggest(
        ["Ratify the Optional Protocol to the Convention against Torture"]
    )
    assert suggestions[0]["label"] == "International instruments"


@pytest.mark.django_db
def test_other_training_data_changes_the_fingerprint(model_dir: Path, tmp_path: Path):
    from .conftest import sample_upr_info

    small = sample_upr_info(tmp_path / "a.csv", per_session=60)
    large = sample_upr_info(tmp_path / "b.csv", per_session=80)
    for path in (small, large):
        _run("train", "--data", str(path), "--format", "upr-info", "--task", "upr-action")
    first, second = ModelArtefact.objects.order_by("version")
    assert first.data_fingerprint != second.data_fingerprint
    assert (first.train_rows, second.train_rows) == (240, 320)


@pytest.mark.django_db
def test_a_swapped_model_file_is_refused(model_dir: Path, upr_sample: Path):
    _run("train", "--data", str(upr_sample), "--format", "upr-info", "--task", "upr-action")
    artefact = ModelArtefact.objects.get()
    (model_dir / artefact.file_path).write_bytes(b"not the trained model")
    artefacts.clear_cache()
    with pytest.raises(artefacts.ArtefactError):
        artefacts.load(artefact)
    artefact.file_path = "../../etc/passwd"
    with pytest.raises(artefacts.ArtefactError):
        artefacts.load(artefact)
