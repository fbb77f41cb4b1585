"""Every layout repair in order (`extractors.layout.repairs`), on a text made here: tables, footnote
styles and glued words brought to the page model, with each character's source offset kept."""

from __future__ import annotations

from extractors.layout.repairs import repair_layout
from extractors.vocab.vocabulary import vocabulary

TEXT = ("The site was new and it took time. The sitetook part.[1]\n\n"
        "Year  Murder  Robbery\n2019  12      300\n2020  15      280\n\n"
        "[1] Police data.\n")
KNOWN = frozenset({"the", "site", "took", "part"})


def test_tables_footnotes_and_glued_words_are_repaired_and_the_source_map_kept() -> None:
    repaired, offsets = repair_layout(TEXT, list(range(len(TEXT))), vocabulary(), KNOWN)
    assert repaired == ("The site was new and it took time. The site took part.\u00b9\n\n"
                        "Year\tMurder\tRobbery\n2019\t12\t300\n2020\t15\t280\n\n"
                        "\u00b9 Police data.\n")
    assert len(offsets) == len(repaired)
    for word in ("took part", "300", "280", "Police data."):  # (a header is rewritten whole)
        at = repaired.index(word, 40)
        assert TEXT[offsets[at] : offsets[at] + len(word)] == word  # each character points at its source
    call = repaired.index("\u00b9")
    assert TEXT[offsets[call]] == "["  # the call points at the bracket it was printed as


def test_without_tables_a_loader_that_found_them_keeps_its_lines() -> None:
    repaired, _ = repair_layout(TEXT, list(range(len(TEXT))), vocabulary(), KNOWN, tables=False)
    assert "Year  Murder  Robbery\n2019  12      300\n" in repaired
    assert repaired.startswith("The site was new and it took time. The site took part.\u00b9")


def test_without_the_models_words_a_glued_word_is_kept() -> None:
    repaired, _ = repair_layout(TEXT, list(range(len(TEXT))), vocabulary(), frozenset())
    assert "The sitetook part.\u00b9" in repaired
