"""Files that must be refused as a whole, with a clear message, before anything is written:
wrong encodings, empty and truncated files, wrong columns, archive and XML bombs, deep or huge
JSON, oversized files (RELIABILITY.md IMP-2)."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings

from tatabbu.recommendations.importers import plan_import
from tatabbu.recommendations.importers.generic import template

from .conftest import run_import, snapshot

pytestmark = pytest.mark.django_db

HEADER = "mechanism,state_under_review,document_symbol,paragraph,text_ar,text_fr\n"
ROW = "CAT,MAR,CAT/C/MAR/CO/4,{n},,Le Comité recommande à l’État partie {n}.\n"


def _refused(path: Path, format: str, code: str, message: str) -> None:
    before = snapshot()
    plan = plan_import(path, format=format)
    assert plan.file_error is not None, plan.summary()
    assert plan.file_error.code == code
    run = run_import(path, format)
    assert run.code == 2
    assert message in run.stderr
    assert run.stdout == ""
    assert snapshot() == before


def test_a_windows_1256_file_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "arabic.csv"
    text = HEADER.replace("text_fr", "text_ar_x").replace("text_ar_x", "text_fr") + "".join(
        f"CAT,MAR,CAT/C/MAR/CO/4,{n},توصي اللجنة الدولة الطرف {n},\n" for n in range(1, 6)
    )
    path.write_bytes(text.encode("cp1256"))
    _refused(path, "csv", "wrong_encoding", "The file is not UTF-8 text")


def test_utf16_and_binary_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes((HEADER + ROW.format(n=1)).encode("utf-16"))
    _refused(path, "csv", "wrong_encoding", "UTF-16")
    xlsx = tmp_path / "really.csv"
    xlsx.write_bytes(template("xlsx"))
    _refused(xlsx, "csv", "not_text", "choose the XLSX format")
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    _refused(pdf, "upr-report", "not_text", "This is not a text file.")


def test_empty_and_header_only_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _refused(empty, "csv", "empty_file", "The file is empty.")
    header_only = tmp_path / "header.csv"
    header_only.write_text(HEADER, encoding="utf-8")
    _refused(header_only, "csv", "no_rows", "The file has a header but no rows.")
    empty_json = tmp_path / "empty.json"
    empty_json.write_text("  \n", encoding="utf-8")
    _refused(empty_json, "json", "empty_file", "The file is empty.")


def test_truncated_files_are_refused(tmp_path: Path) -> None:
    csv_path = tmp_path / "cut.csv"
    csv_path.write_text(HEADER + ROW.format(n=1) + 'CAT,MAR,CAT/C/MAR/CO/4,2,,"Le Comité', "utf-8")
    _refused(csv_path, "csv", "truncated", "it looks truncated")
    json_path = tmp_path / "cut.json"
    json_path.write_bytes(template("json")[:-40])
    _refused(json_path, "json", "truncated", "The JSON ends too early")
    xlsx_path = tmp_path / "cut.xlsx"
    xlsx_path.write_bytes(template("xlsx")[:2000])
    _refused(xlsx_path, "xlsx", "truncated", "damaged or truncated")


def test_wrong_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "columns.csv"
    path.write_text("mechanism,text_fr,colour\nCAT,Texte,bleu\n", encoding="utf-8")
    _refused(path, "csv", "wrong_columns", "unknown columns: colour")
    upr_info = tmp_path / "upr-info.csv"
    upr_info.write_text("id,session,recommendation\nX,1,Text\n", encoding="utf-8")
    _refused(upr_info, "upr-info", "wrong_columns", "missing columns: action_category, cycle")
    uhri = tmp_path / "uhri.csv"
    uhri.write_text("a,b\n1,2\n", encoding="utf-8")
    _refused(uhri, "uhri", "wrong_columns", "neither a UHRI export nor a UPR thematic list")


def test_a_report_without_conclusions_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("A/HRC/21/3\nReport of the Working Group\nMorocco\nNothing here.\n", "utf-8")
    _refused(path, "upr-report", "no_recommendations", "Conclusions and/or recommendations")


@override_settings(TATABBU_IMPORT_MAX_BYTES=4096)
def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "".join(ROW.format(n=n) for n in range(1, 200)), encoding="utf-8")
    _refused(path, "csv", "file_too_large", "the largest file accepted is 4.0\xa0KB")


def test_a_field_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "field.csv"
    path.write_text(HEADER + f'CAT,MAR,CAT/C/MAR/CO/4,1,,"{"x" * 200_000}"\n', encoding="utf-8")
    _refused(path, "csv", "field_too_long", "holds a field longer than")


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{n}" for n in range(5000)) + "\n" + "," * 4999 + "\n", "utf-8")
    _refused(path, "csv", "too_many_columns", "at most 200 are accepted")
    wide_row = tmp_path / "wide-row.csv"
    wide_row.write_text(HEADER + ROW.format(n=1).rstrip("\n") + "," * 1_000_000 + "\n", "utf-8")
    run = run_import(wide_row, "csv")
    assert run.code == 2
    assert run.lines == ["row 2: columns: expected 6 columns, found 1000006."]


def _xlsx_with(sheet_xml: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """The template workbook with its sheet replaced."""
    source = zipfile.ZipFile(io.BytesIO(template("xlsx")))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            archive.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return output.getvalue()


@override_settings(TATABBU_IMPORT_MAX_UNCOMPRESSED_BYTES=5 * 1024 * 1024)
def test_an_xlsx_that_expands_past_the_limit_is_refused(tmp_path: Path) -> None:
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
        + b"<row/>" * 2_000_000
        + b"</sheetData></worksheet>"
    )
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_xlsx_with(sheet))
    assert path.stat().st_size < 100_000
    _refused(path, "xlsx", "archive_too_large", "would expand to more than 5.0\xa0MB")


def test_a_zip_bomb_is_refused_from_its_declared_size_without_inflating(tmp_path: Path) -> None:
    """The central directory claims 3 GB: refused from the directory, nothing decompressed."""
    data = bytearray(template("xlsx"))
    directory = data.rfind(b"PK\x05\x06")
    offset = struct.unpack("<I", data[directory + 16 : directory + 20])[0]
    while data[offset : offset + 4] == b"PK\x01\x02":
        data[offset + 24 : offset + 28] = struct.pack("<I", 3_000_000_000 // 8)
        names = struct.unpack("<HHH", data[offset + 28 : offset + 34])
        offset += 46 + sum(names)
    path = tmp_path / "declared-bomb.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, "xlsx", "archive_too_large", "would expand to more than")


def test_an_xlsx_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    path.write_bytes(
        _xlsx_with(
            zipfile.ZipFile(io.BytesIO(template("xlsx"))).read("xl/worksheets/sheet1.xml"),
            extra={f"xl/media/part{n}.bin": b"x" for n in range(600)},
        )
    )
    _refused(path, "xlsx", "archive_too_many_entries", "at most 500 are accepted")


def test_billion_laughs_and_external_entities_in_an_xlsx_are_refused(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{n} "{"&lol" + str(n - 1) + ";" if n > 1 else "&lol;"}'.encode()
            + (f"&lol{n - 1};".encode() * 9 if n > 1 else b"&lol;" * 9)
            + b'">'
            for n in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(_xlsx_with(laughs))
    _refused(path, "xlsx", "xml_forbidden", "DTD or entities")
    external = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    path.write_bytes(_xlsx_with(external))
    _refused(path, "xlsx", "xml_forbidden", "DTD or entities")


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]", encoding="utf-8")
    _refused(path, "json", "json_too_deep", "nested too deeply")
    nested = tmp_path / "nested.json"
    value = "1"
    for _ in range(30):
        value = '{"a": ' + value + "}"
    nested.write_text(f"[{value}]", encoding="utf-8")
    _refused(nested, "json", "json_too_deep", "nested too deeply")
    not_a_list = tmp_path / "object.json"
    not_a_list.write_text('{"recommendations": []}', encoding="utf-8")
    _refused(not_a_list, "json", "wrong_structure", "must hold a list of records")


@override_settings(TATABBU_IMPORT_MAX_ROWS=1000)
def test_a_huge_json_array_is_refused_at_the_row_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text("[" + ",".join(["1"] * 100_000) + "]", encoding="utf-8")
    _refused(path, "json", "too_many_rows", "more than 1,000 rows")


def test_json_records_that_are_not_objects_are_row_errors(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text('[1, {"mechanism": "CAT"}]', encoding="utf-8")
    run = run_import(path, "json")
    assert run.code == 2
    assert run.lines[0] == "row 1: record: not a JSON object."
