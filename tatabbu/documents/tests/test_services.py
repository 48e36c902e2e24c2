"""document_store: what is accepted, what is refused, and that a refusal stores nothing."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tatabbu.audit.models import Event
from tatabbu.documents.access import register_document_purpose
from tatabbu.documents.inspection import AntivirusUnavailable, UploadRefused, sanitize_filename
from tatabbu.documents.models import Document
from tatabbu.documents.services import document_store

from . import samples

TEST_PURPOSE = "tests.documents"
register_document_purpose(TEST_PURPOSE, lambda user, document: document.uploaded_by_id == user.pk)

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture(autouse=True)
def _empty_media(tmp_path):  # type: ignore[no-untyped-def]
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


def store(actor, name: str, content: bytes, **kwargs) -> Document:  # type: ignore[no-untyped-def]
    return document_store(
        actor=actor, uploaded_file=samples.upload(name, content), purpose=TEST_PURPOSE, **kwargs
    )


@pytest.mark.parametrize(
    ("name", "builder", "kind", "content_type"),
    [
        ("rapport.pdf", samples.pdf_bytes, "pdf", "application/pdf"),
        (
            "rapport.docx",
            samples.docx_bytes,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            samples.xlsx_bytes,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("note.odt", samples.odt_bytes, "odt", "application/vnd.oasis.opendocument.text"),
        ("photo.png", lambda: samples.image_bytes("PNG"), "png", "image/png"),
        ("photo.jpg", lambda: samples.image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("photo.JPEG", lambda: samples.image_bytes("JPEG"), "jpeg", "image/jpeg"),
    ],
)
def test_accepted_types_are_stored_with_metadata(
    focal_a, name, builder, kind, content_type
) -> None:
    import hashlib

    content = builder()
    document = store(focal_a, name, content, institution=focal_a.institution, language="fr")
    assert document.kind == kind
    assert document.content_type == content_type
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.original_name == name
    assert document.language == "fr"
    assert document.institution == focal_a.institution
    assert document.uploaded_by == focal_a
    assert document.path.read_bytes() == content
    event = Event.objects.get(action="document.upload", target_id=str(document.pk))
    assert event.after["sha256"] == document.sha256


def test_stored_name_is_random_outside_static_and_mode_0640(focal_a) -> None:
    first = store(focal_a, "a.pdf", samples.pdf_bytes())
    second = store(focal_a, "a.pdf", samples.pdf_bytes())
    assert first.stored_name != second.stored_name
    for document in (first, second):
        assert "a.pdf" not in document.stored_name
        assert len(document.stored_name.rsplit("/", 1)[-1]) == 32
        assert Path(settings.MEDIA_ROOT) in document.path.parents
        assert Path(settings.STATIC_ROOT) not in document.path.parents
        assert stat.S_IMODE(os.stat(document.path).st_mode) == 0o640


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "type_not_allowed"),
        (
            "image.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "type_not_allowed",
        ),
        ("script.pdf", b"alert(document.cookie);\n", "type_not_allowed"),
        ("program.docx", b"MZ\x90\x00\x03" + b"\x00" * 200, "type_not_allowed"),
        ("program.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "type_not_allowed"),
        ("page.pdf.html", b"%PDF-1.4\n", "type_not_allowed"),
        ("notes.txt", b"plain text", "type_not_allowed"),
        ("empty.pdf", b"", "empty"),
        ("fake.pdf", b"%PDF-1.7\nthis is not a real PDF body\n", "corrupt"),
    ],
)
def test_disguised_files_are_refused_and_nothing_is_stored(focal_a, name, content, code) -> None:
    before = Document.objects.count(), Event.objects.count()
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, name, content)
    assert refused.value.code == code
    assert (Document.objects.count(), Event.objects.count()) == before
    assert stored_files() == []


def test_extension_must_agree_with_content(focal_a) -> None:
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "report.pdf", samples.docx_bytes())
    assert refused.value.code == "extension_mismatch"
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "photo.png", samples.image_bytes("JPEG"))
    assert refused.value.code == "extension_mismatch"
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_png_with_html_appended_is_refused_as_a_polyglot(focal_a) -> None:
    content = samples.image_bytes("PNG") + b"<html><script>alert(1)</script></html>"
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "photo.png", content)
    assert refused.value.code == "polyglot"
    assert stored_files() == []


def test_pdf_starting_with_html_is_refused(focal_a) -> None:
    content = samples.pdf_bytes().replace(b"%PDF-1.3\n", b"%PDF-1.3\n<html><body>", 1)
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "page.pdf", content)
    assert refused.value.code in {"polyglot", "corrupt"}
    assert stored_files() == []


def test_zip_bomb_named_xlsx_is_refused_before_decompression(focal_a) -> None:
    content = samples.zip_bomb_xlsx()
    assert len(content) < 2 * 1024 * 1024
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "budget.xlsx", content)
    assert refused.value.code == "archive_too_large"
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_docx_with_macros_is_refused(focal_a) -> None:
    import io
    import zipfile

    buffer = io.BytesIO(samples.docx_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"macro")
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "report.docx", buffer.getvalue())
    assert refused.value.code == "macros"


@override_settings(TATABBU_UPLOAD_MAX_BYTES=1000)
def test_oversized_file_is_refused(focal_a) -> None:
    content = samples.pdf_bytes() + b"\n" * 1000
    with pytest.raises(UploadRefused) as refused:
        store(focal_a, "big.pdf", content)
    assert refused.value.code == "too_large"
    assert stored_files() == []


def test_limit_plus_one_byte_is_refused_and_limit_accepted(focal_a) -> None:
    content = samples.pdf_bytes()
    with override_settings(TATABBU_UPLOAD_MAX_BYTES=len(content)):
        assert store(focal_a, "exact.pdf", content).size == len(content)
    with (
        override_settings(TATABBU_UPLOAD_MAX_BYTES=len(content) - 1),
        pytest.raises(UploadRefused),
    ):
        store(focal_a, "over.pdf", content)


def test_name_with_path_parts_and_bidi_controls_is_sanitised(focal_a) -> None:
    name = "../../etc/\u202eevil\u2066gpj\u2069\x00.pdf"
    document = store(focal_a, name, samples.pdf_bytes())
    assert document.original_name == "evilgpj.pdf"
    assert ".." not in document.stored_name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("..\\..\\Windows\\system.ini.pdf", "system.ini.pdf"),
        ("\\\\server\\share\\x.pdf", "x.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("report.pdf. . ", "report.pdf"),
        ("تقرير\u200f.pdf", "تقرير.pdf"),
        ("", "document"),
    ],
)
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


@override_settings(TATABBU_ANTIVIRUS="clamscan", TATABBU_CLAMSCAN_PATH="/nonexistent/clamscan")
def test_antivirus_configured_but_missing_refuses_uploads(focal_a) -> None:
    with pytest.raises(AntivirusUnavailable) as refused:
        store(focal_a, "rapport.pdf", samples.pdf_bytes())
    assert refused.value.code == "antivirus_unavailable"
    assert Document.objects.count() == 0
    assert stored_files() == []


EICAR = (
    "X5O!P%@AP[4\\PZX54(P^)7CC)7}$"  # split so that no scanner flags this source file
    + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
)


@pytest.mark.skipif(
    shutil.which("clamscan") is None or shutil.which("sigtool") is None,
    reason="ClamAV (clamscan, sigtool) is not installed: apt-get install clamav",
)
def test_clamscan_refuses_a_file_carrying_the_eicar_signature(focal_a, tmp_path) -> None:
    """Signatures cannot be downloaded here, so the test makes a local database at test time:
    the MD5 of a PDF carrying the EICAR string (ClamAV then reports it as FOUND)."""
    content = samples.pdf_bytes(EICAR)
    sample = tmp_path / "sample.pdf"
    sample.write_bytes(content)
    database = tmp_path / "signatures"
    database.mkdir()
    signature = subprocess.run(
        ["sigtool", "--md5", str(sample)], capture_output=True, text=True, check=True
    ).stdout
    (database / "local.hdb").write_text(signature)
    with override_settings(TATABBU_ANTIVIRUS="clamscan", TATABBU_CLAMSCAN_DATABASE=str(database)):
        with pytest.raises(UploadRefused) as refused:
            store(focal_a, "rapport.pdf", content)
        assert refused.value.code == "infected"
        assert stored_files() == []
        clean = store(focal_a, "clean.pdf", samples.pdf_bytes("clean"))
    assert clean.kind == "pdf"
