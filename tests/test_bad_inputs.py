"""Bad input never stops a batch: each file ends quarantined with a reason a person understands."""

from __future__ import annotations

import os
import shutil
import zipfile

import pandas as pd
import pytest

from tests.conftest import BALTIMORE, SHARED, shared_file

# file name -> words the quarantine reason must contain
MADE_HERE = {
    "utf16.txt": "UTF-16",
    "latin1.txt": "not valid UTF-8",
    "nul.txt": "NUL bytes",
    "page.pdf": "HTML",
    "archive.pdf": "ZIP",
    "truncated.pdf": "",
    "notes.docx": "unsupported file type",
    "pipe.txt": "not a regular file",
    "outside.txt": "symlink",
    "empty.txt": "empty",
}
SHARED_BAD = {
    "pl_empty.pdf": "empty",
    "pl_password-example.pdf": "encrypted",
    "qpdf_bad1.pdf": "not a PDF",
    "qpdf_issue-149.pdf": "damaged",
    "ps_grayscale-image-no-text.pdf": "no text layer",
}
# readable files with a defect: ingested, with a warning naming it
SHARED_WARNED = {
    "pm_issue_495_pdfobjref.pdf": "cid",
    "pm_zen_of_python_corrupted.pdf": "corrupt",
}


def make_bad_corpus(raw, outside):
    (raw / "utf16.txt").write_bytes("Case study text".encode("utf-16"))
    (raw / "latin1.txt").write_bytes("Caf\xe9 in the city of Se\xf1or".encode("latin-1"))
    (raw / "nul.txt").write_bytes(b"Some text\x00with a NUL byte")
    (raw / "page.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    with zipfile.ZipFile(raw / "archive.pdf", "w") as archive:
        archive.writestr("word/document.xml", "<xml/>")
    (raw / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    (raw / "empty.txt").write_bytes(b" \n\n ")
    os.mkfifo(raw / "pipe.txt")
    (outside / "secret.txt").write_text("outside raw")
    (raw / "outside.txt").symlink_to(outside / "secret.txt")


@pytest.fixture(scope="module")
def run(tmp_path_factory, prefect_harness):
    from flows.ingest import ingest

    raw = tmp_path_factory.mktemp("raw")
    outside = tmp_path_factory.mktemp("outside")
    out = tmp_path_factory.mktemp("processed")
    shutil.copy(BALTIMORE, raw / "good.txt")
    make_bad_corpus(raw, outside)
    for name in [*SHARED_BAD, *SHARED_WARNED]:
        if (SHARED / "badinputs" / name).exists():
            shutil.copy(SHARED / "badinputs" / name, raw / name)
    summary = ingest(raw_dir=str(raw), out_dir=str(out))
    return summary, out, raw


def test_the_good_document_is_ingested(run):
    summary, out, _ = run
    documents = pd.read_parquet(out / "documents")
    good = documents[documents.source == "good.txt"].iloc[0]
    assert good.status == "ok" and good.site == "Baltimore"
    assert len(pd.read_parquet(out / "crime_stats")) == 6


@pytest.mark.parametrize("name", sorted(MADE_HERE))
def test_made_here_bad_files_are_quarantined(run, name):
    _, out, _ = run
    documents = pd.read_parquet(out / "documents").set_index("source")
    row = documents.loc[name]
    assert row.status == "quarantined"
    assert MADE_HERE[name].lower() in row.error.lower()
    assert row.error.strip()


@pytest.mark.parametrize("name", sorted(SHARED_BAD))
def test_shared_bad_pdfs_are_quarantined(run, name):
    _, out, raw = run
    shared_file(f"badinputs/{name}", "a malformed PDF from a parser's test suite")
    documents = pd.read_parquet(out / "documents").set_index("source")
    row = documents.loc[name]
    assert row.status == "quarantined", row.error
    assert SHARED_BAD[name].lower() in row.error.lower()


@pytest.mark.parametrize("name", sorted(SHARED_WARNED))
def test_readable_defective_pdfs_are_ingested_with_a_warning(run, name):
    _, out, raw = run
    shared_file(f"badinputs/{name}", "a malformed PDF from a parser's test suite")
    documents = pd.read_parquet(out / "documents").set_index("source")
    row = documents.loc[name]
    assert row.status == "ok", row.error
    assert any(SHARED_WARNED[name] in warning.lower() for warning in row.warnings)
    validation = pd.read_parquet(out / "validation")
    doc_findings = validation[validation.doc_id.astype(str) == row.doc_id]
    assert "document.load_warning" in set(doc_findings.check)


def test_no_partial_files_are_left(run):
    _, out, _ = run
    from flows.corpus import STATE_FILE
    from review.report_parts import PARTS_DIR

    hidden = [p for p in out.rglob("*") if p.name.startswith(".") and p.name not in (PARTS_DIR, STATE_FILE)]
    assert not hidden and not list(out.rglob("*.tmp"))
    assert all(len(list(d.iterdir())) == 1 for d in out.glob("*/doc_id=*"))
    documents = pd.read_parquet(out / "documents")  # one report section per document, quarantined ones too
    assert len(list((out / PARTS_DIR).glob("*.html"))) == len(documents)  # beside them: crops/ of PDF pages


def test_a_rerun_does_not_parse_unchanged_quarantined_files_again(run):
    from flows.ingest import ingest

    first, out, raw = run
    before = pd.read_parquet(out / "documents").set_index("source")
    again = ingest(raw_dir=str(raw), out_dir=str(out))
    after = pd.read_parquet(out / "documents").set_index("source")
    assert again.count("quarantined") == first.count("quarantined")  # still counted, still exit code 3
    reused = {o.source for o in again.documents if o.reused}
    assert {"utf16.txt", "page.pdf", "archive.pdf", "truncated.pdf"} <= reused
    assert all(after.loc[s, "ingested_at"] == before.loc[s, "ingested_at"] for s in reused)
    assert all(after.loc[s, "error"] == before.loc[s, "error"] for s in reused)
    assert again.count("ok") == 0 and not again.removed


def test_only_run_settings_can_change_bring_a_quarantined_file_back(tmp_path, monkeypatch):
    from flows.documents import StoredDocument, unchanged_outcome
    from flows.isolation import MEMORY_REASON, TIMEOUT_REASON
    from flows.raw_files import identify

    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7 image only")
    file = identify(tmp_path, tmp_path / "scan.pdf")
    monkeypatch.setenv("PSP_PDF_TIMEOUT_S", "120")
    monkeypatch.setenv("PSP_PDF_MEMORY_MB", "4096")

    def outcome(error, ocr=False, version="v1"):
        stored = {file.doc_id: StoredDocument(version, "scan.pdf", "quarantined", error, "pdf")}
        return unchanged_outcome(file, tmp_path / "out", stored, "v1", ocr)

    assert outcome("the file is encrypted (password-protected)").reused
    assert outcome("no text layer (image-only pages)").reused
    assert outcome("no text layer (image-only pages)", ocr=True) is None  # OCR asked for: read again
    # a limit that was hit is tried again only once it has been raised
    assert outcome(TIMEOUT_REASON.format(seconds=120)).reused
    assert outcome(TIMEOUT_REASON.format(seconds=60)) is None
    assert outcome(MEMORY_REASON.format(megabytes=4096)).reused
    assert outcome(MEMORY_REASON.format(megabytes=1024)) is None
    assert outcome("damaged", version="v0") is None  # another pipeline version: read again
