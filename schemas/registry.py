"""Every check, declared once: its stable id, its severity, the dataset(s) its findings point
at, and one line saying what it finds. The code that emits a finding builds it from here
(`Check.finding`), and the README's check table is tested against `CHECKS`, so a check cannot
exist undocumented, change severity silently, or be documented and not exist."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.model.records import Finding
from schemas.datasets import DATASETS, SEVERITIES


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    datasets: tuple[str, ...]
    finds: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES or not set(self.datasets) <= set(DATASETS):
            raise ValueError(f"check {self.id}: unknown severity or dataset")

    def finding(self, *, dataset: str | None = None, **fields: object) -> Finding:
        """A finding of this check (its id and severity), about one of its datasets."""
        dataset = dataset or self.datasets[0]
        if dataset not in self.datasets:
            raise ValueError(f"check {self.id} has no findings about {dataset}")
        return Finding(check=self.id, severity=self.severity, dataset=dataset, **fields)  # type: ignore[arg-type]


TOTAL = Check(
    "table.total_equals_components", "error", ("crime_stats", "table_cells"),
    "a total that differs from the sum of its parts, against a relation established for the table: the "
    "vocabulary's (violent crime = homicide + rape + robbery + aggravated assault), or one its labels (Total, "
    "Subtotal, Others) and rows show; nested totals level by level; the message names the relation",
)
TOTALS_NOT_CHECKED = Check(
    "table.totals_not_checked", "info", ("tables",),
    "a table that prints a total whose parts could not be established from its rows (no set of columns or rows "
    "adds up to it in most rows), so its sums are not checked",
)
RATE = Check(
    "table.rate_matches_counts", "warning", ("crime_stats",),
    "a printed rate that differs from count / population x 100,000 by more than its rounding (+0.1%)",
)
PERCENT_CHANGE = Check(
    "table.percent_change_matches_counts", "warning", ("table_cells",),
    "a \"% change\" cell that differs from the change between the counts it compares by more than its rounding",
)
UNRECOGNISED = Check(
    "table.unrecognised_columns", "info", ("tables",),
    "a table not read as crime statistics, or a crime table column that is no count, rate or % change",
)
NUMBER_TOO_LONG = Check(
    "table.number_too_long", "info", ("table_cells",),
    "a cell printed as a number of more than 15 digits (more than a float holds exactly): kept as text, with no "
    "value",
)
SEQUENCE_GAP = Check(
    "footnote.sequence_gap", "warning", ("footnotes",), "a footnote number missing between the first and the last"
)
MARKER_WITHOUT_BODY = Check(
    "footnote.marker_without_body", "warning", ("footnote_refs",), "a footnote call with no footnote text"
)
BODY_WITHOUT_MARKER = Check(
    "footnote.body_without_marker", "warning", ("footnotes",), "a footnote text that is never called"
)
VALUE_CONFLICT = Check(
    "cross.value_conflict", "warning", ("crime_stats",),
    "the same site, statistic and year printed with different values in two documents",
)
CLAIM_RATE = Check(
    "claim.rate_matches_table", "warning", ("claims",),
    "a rate in the prose more than 1% from count / population x 100,000 in a table of the same document",
)
CLAIM_POPULATION = Check(
    "claim.population_matches_table", "warning", ("claims",),
    "a population stated in the prose that matches no table year within 1%",
)
SHARE_RANGE = Check(
    "claim.share_out_of_range", "warning", ("claims",), "a share (percent of something) outside 0..100"
)
PART_WHOLE = Check(
    "claim.part_exceeds_whole", "warning", ("claims",), "a part larger than its whole in the same passage"
)
SHARES_TOTAL = Check(
    "claim.shares_exceed_total", "warning", ("claims",),
    "shares of one whole (one list, or the same \"of X\" in one sentence) that sum to more than 100%",
)
DIRECTION = Check(
    "claim.direction_contradicts_table", "warning", ("claims",),
    "a stated increase or decrease that the document's table contradicts over the stated period",
)
CHANGE = Check(
    "claim.change_matches_table", "warning", ("claims",),
    "a stated change (a percent, an amount, or \"from X to Y\") that the table's counts for the same measure "
    "and years contradict beyond the stated precision",
)
CONFLICT = Check(
    "claim.conflicting_values", "warning", ("claims",),
    "two claims about the same measure and period with different values",
)
LOAD_WARNING = Check(
    "document.load_warning", "warning", ("documents",),
    "a file read with a problem (a corrupt stream, glyphs with no Unicode mapping, text read by OCR)",
)
SCHEMA = {
    name: Check(f"schema.{name}", "error", (name,), f"a row of {name} that breaks its pandera model: a pipeline bug")
    for name in DATASETS
}

CHECKS: dict[str, Check] = {
    check.id: check
    for check in [
        TOTAL, TOTALS_NOT_CHECKED, RATE, PERCENT_CHANGE, UNRECOGNISED, NUMBER_TOO_LONG, SEQUENCE_GAP,
        MARKER_WITHOUT_BODY, BODY_WITHOUT_MARKER, VALUE_CONFLICT, CLAIM_RATE, CLAIM_POPULATION, SHARE_RANGE,
        PART_WHOLE, SHARES_TOTAL, DIRECTION, CHANGE, CONFLICT, LOAD_WARNING, *SCHEMA.values(),
    ]
}
