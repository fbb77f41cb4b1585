"""Fictional documents in the layouts other tools write, generated for the layout tests.

Each builder returns the file's bytes; the facts a test asserts are stated in the test.
"""

from __future__ import annotations

import textwrap

_MARGIN = "    "
_WIDTH = 76


def _wrap(text: str, indent: str = _MARGIN) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)


def _centre(text: str) -> str:
    return text.center(_WIDTH + len(_MARGIN)).rstrip()


def _page(body: list[str], notes: list[str], number: int, pages: int, header: str | None) -> str:
    """A page as `pdftotext -layout` prints it: header, body, a rule, notes, the page footer."""
    lines = [f"{_MARGIN}{header}{' ' * 30}PSP Site Report", "", ""] if header else []
    lines += body
    lines += ["", "", f"{_MARGIN}{'_' * 24}"] + notes if notes else []
    lines += ["", "", _centre(f"Page {number} of {pages}"), ""]
    return "\n".join(lines)


def pdftotext_layout_case_study() -> bytes:
    """Three pages: a centred title and subtitle, a running header from page 2, "Page n of 3"
    footers, notes at the bottom of pages 1 and 2 (calls glued to the word before them), a
    word hyphenated at a line end and a compound hyphenated at a line end."""
    page1 = [
        _centre("RIVER BEND, OR \u2014 PSP SITE CASE STUDY"),
        _centre("Building partnerships against gun violence"),
        "",
        "",
        f"{_MARGIN}ABOUT RIVER BEND",
        "",
        *_wrap(
            "River Bend joined the National Public Safety Partnership (PSP) in 2018.1 The city has an "
            "estimated 182,400 residents and covers 64.2 square miles. The River Bend Police Department "
            "(RBPD) employs 312 sworn officers.2"
        ),
        "",
        f"{_MARGIN}In 2019 the department reviewed every case of violent crime and found that a few",
        f"{_MARGIN}groups were involved in most shootings. The analysts mapped gun-",
        f"{_MARGIN}related incidents by district and shared the maps with patrol officers every",
        f"{_MARGIN}week. Officers described the vio-",
        f"{_MARGIN}lent incidents in 41 district briefings.",
    ]
    notes1 = [
        f"{_MARGIN}1 Memorandum of understanding between the city and the US Attorney, signed in",
        f"{_MARGIN}  March 2018.",
        f"{_MARGIN}2 RBPD staffing report, 2019, https://www.example.gov/rbpd/",
        f"{_MARGIN}  staffing-2019.pdf",
    ]
    page2 = [
        f"{_MARGIN}RESULTS",
        "",
        *_wrap(
            "By the end of 2020, homicides had fallen to 9 from 14 the year before.3 The department "
            "opened 2 new district stations and trained 35 analysts in crime mapping."
        ),
    ]
    notes2 = [f"{_MARGIN}3 RBPD year-end crime summary, 2020."]
    page3 = [
        f"{_MARGIN}LOOKING AHEAD",
        "",
        *_wrap("The partnership ended in 2021. River Bend kept its weekly gun case review meeting."),
    ]
    pages = [
        _page(page1, notes1, 1, 3, None),
        _page(page2, notes2, 2, 3, "River Bend Case Study"),
        _page(page3, [], 3, 3, "River Bend Case Study"),
    ]
    return "\f".join(pages).encode()


def markdown_case_study() -> bytes:
    """A Markdown export: a `#` title, a subtitle paragraph, `##` headings, emphasis, a link,
    a list, a pipe table under its caption, and `[^n]` footnotes (one with a label that is
    no number, one with two lines)."""
    return "\n".join([
        "# Case Study: Lake Marren, Wisconsin",
        "",
        "*Building a violence reduction strategy*",
        "",
        "## Why the city joined",
        "",
        "Lake Marren joined the National Public Safety Partnership (PSP) in 2019.[^1] The Lake Marren",
        "Police Department (LMPD) employs **265** sworn officers.[^staff] Officers described the vio-",
        "lent incidents in 41 district briefings.",
        "",
        "- The team met with [the US Attorney's Office](https://www.justice.gov/usao-wi) twice.",
        "- Analysts mapped 120 shootings.",
        "",
        "Table 1. Reported violent crime, 2020-2021",
        "",
        "| Year | Homicide | Robbery |",
        "|------|---------:|--------:|",
        "| 2020 | 14 | 233 |",
        "| 2021 | 19 | 241 |",
        "",
        "Source: Lake Marren Police Department.",
        "",
        "[^1]: Memorandum of understanding, https://www.example.gov/psp/mou.pdf.",
        "[^staff]: LMPD staffing dashboard, 2022,",
        "    retrieved May 1, 2023.",
        "",
    ]).encode()
