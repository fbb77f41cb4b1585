"""Lines to paragraphs and page-bottom footnotes (`extractors.layout.pdf_paragraphs`), on positioned
lines made here (words `size / 2` points per character)."""

from __future__ import annotations

from extractors.layout.pdf_paragraphs import body_size, flows_to_paragraphs, note_columns, split_footnotes
from extractors.layout.pdf_words import Line, Word
from extractors.tables.grid import GridCell, TableGrid

SIZE = 10.0


def at(x: float, top: float, text: str, size: float = SIZE, *, bold: bool = False, call: bool = False) -> Line:
    """A line of words; with `call`, its first word is a superscript footnote number."""
    words = []
    for index, part in enumerate(text.split()):
        words.append(Word(part, x, x + size / 2 * len(part), top, top + size, size, bold, call and index == 0))
        x += size / 2 * len(part) + 0.3 * size
    return Line(words)


BODY = [
    at(72, 100, "First paragraph starts here and"),
    at(72, 112, "goes on to its end."),
    at(72, 140, "Second paragraph after a gap."),
    at(72, 160, "A Heading", 14, bold=True),
    at(72, 180, "- a bullet item"),
    at(72, 192, "- another item"),
]


def test_the_body_size_is_the_size_carrying_the_most_characters() -> None:
    words = [w for line in [*BODY, at(72, 700, "small print but only a few words", 8)] for w in line.words]
    assert body_size(words) == SIZE
    assert body_size([]) == 10.0


def test_paragraphs_break_at_gaps_headings_and_bullets_and_join_wrapped_lines_by_newlines() -> None:
    assert flows_to_paragraphs([BODY], SIZE) == [
        "First paragraph starts here and\ngoes on to its end.",
        "Second paragraph after a gap.",
        "A Heading",
        "- a bullet item",
        "- another item",
    ]


def test_a_heading_wrapped_over_two_lines_is_one_line_and_a_soft_hyphen_joins_a_word() -> None:
    heading = [at(72, 100, "Building a violence", 14, bold=True), at(72, 116, "reduction strategy", 14, bold=True)]
    assert flows_to_paragraphs([heading], SIZE) == ["Building a violence reduction strategy"]
    assert flows_to_paragraphs([[at(72, 100, "A soft hy\u00ad"), at(72, 112, "phen here.")]], SIZE) == [
        "A soft hyphen here."
    ]


def test_a_table_stays_in_place_as_tab_rows() -> None:
    table = TableGrid(("Year", "Murder"), ((GridCell("2019"), GridCell("12")),))
    flow = [at(72, 100, "Intro line."), table, at(72, 300, "After the table.")]
    assert flows_to_paragraphs([flow], SIZE) == ["Intro line.", "Year\tMurder\n2019\t12", "After the table."]


def test_a_sentence_cut_by_a_column_break_stays_one_paragraph() -> None:
    cut = [[at(72, 100, "A sentence cut by the")], [at(320, 100, "column break goes on.")]]
    ended = [[at(72, 100, "A sentence ends.")], [at(320, 100, "The next column starts.")]]
    assert flows_to_paragraphs(cut, SIZE) == ["A sentence cut by the\ncolumn break goes on."]
    assert flows_to_paragraphs(ended, SIZE) == ["A sentence ends.", "The next column starts."]


def test_small_print_at_the_bottom_opening_with_superscripts_is_the_footnotes() -> None:
    notes = [at(72, 700, "\u00b9 Census data for", 8, call=True), at(72, 709, "the city.", 8),
             at(72, 718, "\u00b2 FBI data.", 8, call=True)]
    content, paragraphs = split_footnotes([*notes, *BODY], SIZE)
    assert content == BODY
    assert paragraphs == ["\u00b9 Census data for the city.", "\u00b2 FBI data."]


def test_plain_numbered_notes_must_number_on_so_a_line_opening_with_another_number_continues() -> None:
    notes = [at(72, 700, "1. Census data.", 8), at(72, 709, "2. FBI data counted", 8), at(72, 718, "7 agencies.", 8)]
    assert split_footnotes([*BODY, *notes], SIZE)[1] == ["\u00b9 Census data.", "\u00b2 FBI data counted 7 agencies."]


def test_small_print_that_opens_with_no_number_is_no_footnote() -> None:
    caption = [at(72, 700, "Photo: the team at work.", 8)]
    assert split_footnotes([*BODY, *caption], SIZE) == ([*BODY, *caption], [])


def test_notes_printed_in_two_columns_are_read_column_by_column() -> None:
    lines = [
        Line(at(72, 700, "1 Census data for the", 8).words + at(320, 700, "3 Police data for", 8).words),
        Line(at(72, 709, "city of Springfield.", 8).words + at(320, 709, "the year.", 8).words),
        at(72, 718, "2 FBI data.", 8),
    ]
    assert [line.text for line in note_columns(lines)] == [
        "1 Census data for the", "city of Springfield.", "2 FBI data.", "3 Police data for", "the year.",
    ]
    assert split_footnotes([*BODY, *lines], SIZE)[1] == [
        "\u00b9 Census data for the city of Springfield.", "\u00b2 FBI data.", "\u00b3 Police data for the year.",
    ]
