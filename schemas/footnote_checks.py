"""Checks of footnotes: every number from the first to the last has a call or a body, each call its body.

The sequence runs from the lowest number the document uses, not from 1: a report excerpted from a
longer one (pages 40-45 of a study) starts at its own first footnote, 35 say, and is complete. Notes
numbered on their own (a table's notes 1 and 2 after the text's call 12) do not stretch that range."""

from __future__ import annotations

from extractors.model.records import Finding, Footnote, FootnoteRef
from schemas.registry import BODY_WITHOUT_MARKER, MARKER_WITHOUT_BODY, SEQUENCE_GAP


def footnote_findings(footnotes: list[Footnote], refs: list[FootnoteRef], document_name: str) -> list[Finding]:
    bodies = {f.number: f for f in footnotes}
    called = {}
    for ref in refs:
        called.setdefault(ref.number, ref)
    findings = []
    known = set(bodies) | set(called)
    # A body no call calls, numbered below a call printed before it, is a note of its own numbering
    # (a table's notes "1", "2" under it, in a report whose footnotes are at 9): it sets no range.
    own_numbering = {f.number for f in footnotes
                     if f.number not in called and any(r.number > f.number and r.start < f.start for r in refs)}
    running = known - own_numbering
    first, last = min(running, default=1), max(running, default=0)
    for number in range(first, last + 1):
        if number not in known:
            findings.append(
                SEQUENCE_GAP.finding(
                    footnote=number,
                    expected=str(number), observed="absent", place=f"footnote {number}",
                    message=f"{document_name}: footnote {number} is missing: footnotes run {first} to "
                    f"{last} but {number} has neither a call nor a body.",
                )
            )
    for number, ref in sorted(called.items()):
        if number not in bodies:
            findings.append(
                MARKER_WITHOUT_BODY.finding(
                    footnote=number, expected="a footnote body", observed="none", place=f"footnote {number} call",
                    start=ref.start, end=ref.end,
                    message=f"{document_name}: footnote call {number} (page {ref.page or '?'}, offset {ref.start}) "
                    "has no footnote text.",
                )
            )
    for number, body in sorted(bodies.items()):
        if number not in called:
            findings.append(
                BODY_WITHOUT_MARKER.finding(
                    footnote=number,
                    expected="a call in the text", observed="none", place=f"footnote {number} body",
                    start=body.start, end=body.end,
                    message=f"{document_name}: footnote {number} ({body.text[:60]!r}) is never called in the text.",
                )
            )
    return findings
