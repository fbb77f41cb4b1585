from __future__ import annotations

import pytest

from extractors.structure.title_site import display_case, text_to_site


@pytest.mark.parametrize(
    ("title", "site"),
    [
        ("CASE STUDY BALTIMORE, MARYLAND", ("Baltimore", "Maryland")),
        ("Case Study: Milwaukee, Wisconsin", ("Milwaukee", "Wisconsin")),
        ("Memphis, TN", ("Memphis", "Tennessee")),
        ("CASE STUDY ST. LOUIS, MISSOURI", ("St. Louis", "Missouri")),
        ("Case Study \u2013 Little Rock, Ark", None),
    ],
)
def test_site_forms(title, site):
    assert text_to_site(title) == site


def test_display_case():
    assert display_case("CASE STUDY OF THE CITY") == "Case Study of the City"
    assert display_case("Already Mixed") == "Already Mixed"
