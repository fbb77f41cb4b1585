"""Property: whatever a sentence says, the claims extracted from it are rows the claims model
accepts (the pipeline never writes a row that breaks its own contract).

Sentences are built from the claim grammar's own words (number words, units, qualifiers, change
verbs, months, baseline cues) with numbers and periods in every form it reads, and go through
the real normalization, spaCy parse and claim extraction.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.claims.grammar import claim_vocabulary
from schemas.frames import as_rows, records_to_frame, schema_findings

VOCAB = claim_vocabulary()
SUBJECTS = ["Violent crime", "Robberies", "Homicides", "The department", "Nonfatal shootings", "Residents",
            "Arrests", "The budget", "Sworn officers", "Calls for service", "Property crime"]
NOUNS = ["homicides", "residents", "officers", "arrests", "referrals", "districts", "victims", "dollars",
         "aggravated assaults", "square miles", "years", "cases"]
MONTHS = sorted(VOCAB.months)
YEARS = st.integers(1890, 2099).map(str)


def _words(phrases) -> list[str]:
    return sorted({" ".join(phrase) for phrase, _ in phrases})


def _number() -> st.SearchStrategy[str]:
    digits = st.integers(0, 9_999_999).map(lambda n: f"{n:,}")
    plain = st.integers(0, 99_999).map(str)
    decimal = st.floats(0, 10_000, allow_nan=False).map(lambda x: f"{x:.{len(str(int(x))) % 3}f}")
    words = st.sampled_from(sorted(VOCAB.number_words) + sorted(VOCAB.tens_words))
    money = st.integers(1, 90_000_000).map(lambda n: f"${n:,}")
    ordinal = st.sampled_from(sorted(VOCAB.ordinal_words)) | st.integers(1, 60).map(lambda n: f"{n}th")
    ranked = st.builds("the {}{}".format, ordinal, st.sampled_from(["-highest", " highest", " lowest", "-largest"]))
    scaled = st.builds("{} {}".format, words, st.sampled_from(sorted(VOCAB.scale_words)))
    return st.one_of(digits, plain, decimal, words, money, ordinal, ranked, scaled)


def _period() -> st.SearchStrategy[str]:
    month = st.sampled_from(MONTHS).map(str.capitalize)
    return st.one_of(
        st.builds("in {}".format, YEARS),
        st.builds("between {} and {}".format, YEARS, YEARS),
        st.builds("from {} to {}".format, YEARS, YEARS),
        st.builds("{}-{}".format, YEARS, YEARS),
        st.builds("in {} {}".format, month, YEARS),
        st.builds("on {} {}, {}".format, month, st.integers(0, 40), YEARS),
        st.builds("as of {}/{}/{}".format, st.integers(0, 13), st.integers(0, 35), YEARS),
        st.builds("in FY {}".format, YEARS),
        st.builds("compared with {}".format, YEARS),
        st.just(""),
    )


def _clause() -> st.SearchStrategy[str]:
    verb = st.sampled_from(sorted(VOCAB.change_head) + ["had", "was", "were", "reached", "served", "made"])
    qualifier = st.sampled_from(["", *_words(VOCAB.qualifiers)])
    unit = st.sampled_from(["", *_words(VOCAB.units), "per 100,000 residents", "percent of", "of the"])
    return st.builds(
        lambda subject, v, q, n, u, noun, period: " ".join(w for w in (subject, v, q, n, u, noun, period) if w),
        st.sampled_from(SUBJECTS), verb, qualifier, _number(), unit, st.sampled_from(NOUNS), _period(),
    )


SENTENCES = st.lists(
    st.builds(lambda a, join, b: f"{a}{join}{b}.", _clause(), st.sampled_from([", and ", "; ", " while ", " to "]),
              _clause()) | _clause().map(lambda c: f"{c}."),
    min_size=1, max_size=4,
).map(" ".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=SENTENCES)
def test_every_claim_of_any_sentence_validates_against_the_claims_model(claims_of, text):
    claims = claims_of(f"Case study.\n\n{text}\n")
    frame = records_to_frame("claims", "0123456789abcdef", as_rows(claims))
    assert schema_findings({"claims": frame}, {}) == {}, [(c.sentence, c.period, c.change, c.role) for c in claims]
