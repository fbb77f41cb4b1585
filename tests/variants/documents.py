"""Fictional case studies in layouts and styles the Baltimore text does not have.

Each variant is a file name, its bytes, and a gold file in the format of
`../shared/tools/score.py`. The prose is written for these tests; the numbers in the
tables are made up but consistent (totals, rates and percent changes are computed here),
except where a variant plants an error for a check to find.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Variant:
    name: str  # file name under raw/
    data: bytes
    gold: dict[str, Any]
    covers: str


def _claim(value: float, unit: str, measure: str, *, period: str | None = None, change: str | None = None,
           qualifier: str | None = None, footnote: int | None = None, required: bool = True) -> dict[str, Any]:
    return {"value": value, "unit": unit, "measure": measure, "period": period, "change": change,
            "qualifier": qualifier, "footnote": footnote, "required": required}


def _note(number: int, starts_with: str, marker_after: str, urls: list[str] | None = None) -> dict[str, Any]:
    return {"number": number, "urls": urls or [], "retrieved": None, "starts_with": starts_with,
            "marker_after": marker_after}


def _gold(source: str, title: str, site: str, state: str, **parts: Any) -> dict[str, Any]:
    return {
        "document": {"source": source, "title": title, "site": site, "state": state},
        "tables": parts.get("tables", []), "figures": parts.get("figures", []),
        "footnotes": parts.get("footnotes", []), "claims": parts.get("claims", []),
        "text_repairs": parts.get("text_repairs", []),
        "expected_validation": parts.get("expected_validation", []), "clean_rows": parts.get("clean_rows", []),
    }


def _pct(old: int, new: int) -> str:
    return f"{(new - old) / old * 100:+.1f}%"


# ---- variant 1: offenses as rows, years as columns, % change, an endnotes list ----------

_V1_VIOLENT = {  # offense -> counts for 2019, 2020, 2021
    "Murder and nonnegligent manslaughter": [21, 27, 24],
    "Forcible rape": [88, 80, 91],
    "Robbery": [402, 377, 350],
    "Agg. Assault": [1210, 1302, 1288],
}
_V1_PROPERTY = {
    "Burglary": [1630, 1544, 1497],
    "Larceny-theft": [6120, 5874, 6012],
    "Motor vehicle theft": [702, 811, 944],
    "Arson": [41, 37, 52],
}
_V1_YEARS = [2019, 2020, 2021]


def _v1_table(caption: str, rows: dict[str, list[int]], total_label: str, total: list[int]) -> str:
    lines = [caption, "", "Offense\t" + "\t".join(map(str, _V1_YEARS)) + "\t% change"]
    for label, counts in [*rows.items(), (total_label, total)]:
        cells = [f"{c:,}" for c in counts] + [_pct(counts[0], counts[-1])]
        lines.append(label + "\t" + "\t".join(cells))
    return "\n".join(lines)


def variant_years_as_columns() -> Variant:
    violent_total = [sum(c[i] for c in _V1_VIOLENT.values()) for i in range(3)]
    violent_total[2] += 10  # a printed total that is not the sum of its parts (2021)
    property_total = [sum(c[i] for c in _V1_PROPERTY.values()) for i in range(3)]  # arson included
    text = "\n".join([
        "CASE STUDY CEDAR BLUFF, OHIO",
        "",
        "In 2018, the city of Cedar Bluff joined the National Public Safety Partnership (PSP), a program of "
        "the US Department of Justice (DOJ). Cedar Bluff took part in the program through June 2021.",
        "",
        "ABOUT CEDAR BLUFF",
        "",
        "Cedar Bluff is home to 231,400 residents.\u00b9 The city covers an area of 64.5 square miles. "
        "The Cedar Bluff Police Department (CBPD) has 412 sworn officers and 96 civilian employees.\u00b2",
        "",
        "Violent crime rose during the first year of the engagement and fell afterward.",
        "",
        _v1_table("Table 1. Violent offenses by year", _V1_VIOLENT, "Violent crime", violent_total),
        "",
        "Source: Cedar Bluff Police Department, 2022.",
        "",
        _v1_table("Table 2. Property offenses by year", _V1_PROPERTY, "Property crime", property_total),
        "",
        "Source: Cedar Bluff Police Department, 2022.",
        "",
        "RESULTS",
        "",
        "The CBPD trained 35 analysts in 2020 and opened 2 new district stations.\u00b3 "
        "By the end of 2021, the department had cleared 61 percent of its homicide cases.",
        "",
        "Endnotes",
        "",
        "1. United States Census Bureau, QuickFacts, https://www.census.gov/quickfacts/example.",
        "2. Cedar Bluff Police Department, Annual Staffing Report, 2021.",
        "3. Cedar Bluff Police Department, Training Summary, https://www.example.org/cbpd/",
        "training-summary.pdf.",
        "",
    ])
    rows = lambda table, total: [  # noqa: E731
        [year, *[c[i] for c in table.values()], total[i]] for i, year in enumerate(_V1_YEARS)
    ]
    gold = _gold(
        "cedar-bluff-oh.txt", "Case Study Cedar Bluff, Ohio", "Cedar Bluff", "Ohio",
        tables=[
            {"table_id": "Table 1", "caption": "Violent offenses by year",
             "crime_stats_columns": ["year", "homicide", "rape", "robbery", "aggravated_assault", "violent_crime"],
             "rows": rows(_V1_VIOLENT, violent_total)},
            {"table_id": "Table 2", "caption": "Property offenses by year",
             "crime_stats_columns": ["year", "burglary", "larceny_theft", "motor_vehicle_theft", "arson",
                                     "property_crime"],
             "rows": rows(_V1_PROPERTY, property_total)},
        ],
        footnotes=[
            _note(1, "United States Census Bureau, QuickFacts", "231,400 residents",
                  ["https://www.census.gov/quickfacts/example"]),
            _note(2, "Cedar Bluff Police Department, Annual Staffing Report", "96 civilian employees"),
            _note(3, "Cedar Bluff Police Department, Training Summary", "stations",
                  ["https://www.example.org/cbpd/training-summary.pdf"]),
        ],
        claims=[
            _claim(231400, "count", "residents", footnote=1),
            _claim(64.5, "sq_mi", "area"),
            _claim(412, "count", "sworn officers"),
            _claim(96, "count", "civilian employees", footnote=2),
            _claim(35, "count", "analysts", period="2020"),
            _claim(2, "count", "district stations", period="2020", footnote=3),
            _claim(61, "percent", "homicide cases", period="2021"),
        ],
        expected_validation=[{"kind": "table_total_mismatch", "table_id": "Table 1", "year": 2021,
                              "severity": "error"}],
        clean_rows=[2019, 2020],
    )
    return Variant("cedar-bluff-oh.txt", text.encode(), gold,
                   "years as columns, offenses as rows, % change columns, optional arson in the property total, "
                   "an Endnotes list of '1. text' lines (one URL broken across lines)")


# ---- variant 2: a markdown pipe table, bracketed calls and bodies, glued calls and words --

_V2_ROWS = [  # year, population, homicide, rape, robbery, aggravated assault
    (2020, 148_210, 14, 61, 233, 702),
    (2021, 149_034, 19, 58, 241, 688),
    (2022, 150_120, 11, 66, 215, 731),
]


def variant_pipe_table() -> Variant:
    lines = [
        "| Year | Population3 | Murder and nonnegligent manslaughter | Rape (revised definition) | Robbery "
        "| Agg. Assault | Violent crime |",
        "|------|------|------|------|------|------|------|",
    ]
    for year, population, *counts in _V2_ROWS:
        cells = [str(year), f"{population:,}", *[f"{c:,}" for c in counts], f"{sum(counts):,}"]
        lines.append("| " + " | ".join(cells) + " |")
    text = "\n".join([
        "Case Study: Lake Marren, Wisconsin",
        "",
        "Lake Marren joined the National Public Safety Partnership (PSP) in 20191 and completed its "
        "engagement in 2022. The PSP team visited the site in 2020 and took notes. The sitetook part in 4 "
        "working sessions with federal partners.",
        "",
        "The Lake Marren Police Department employs 265 sworn officers [2] and serves 9 neighborhoods. "
        "Its crime analysis unit has 6 analysts.",
        "",
        "Table 1: Reported violent crime, 2020-2022",
        "",
        *lines,
        "",
        "Source: Lake Marren Police Department annual reports.",
        "",
        "Homicides fell to 11 in 2022. The department recorded 731 aggravated assaults in 2022.",
        "",
        "[1] Memorandum of understanding signed by the mayor and the US Attorney.",
        "[2] Lake Marren Police Department, Staffing Dashboard, 2022.",
        "[3] Population estimates from the state demographic office, https://demography.example.gov/estimates.",
        "",
    ])
    gold = _gold(
        "lake-marren-wi.txt", "Case Study: Lake Marren, Wisconsin", "Lake Marren", "Wisconsin",
        tables=[{
            "table_id": "Table 1", "caption": "Reported violent crime, 2020-2022",
            "crime_stats_columns": ["year", "population", "homicide", "rape", "robbery", "aggravated_assault",
                                    "violent_crime"],
            "rows": [[y, p, *c, sum(c)] for y, p, *c in _V2_ROWS],
        }],
        footnotes=[
            _note(1, "Memorandum of understanding", "(PSP) in 2019"),
            _note(2, "Lake Marren Police Department, Staffing Dashboard", "265 sworn officers"),
            _note(3, "Population estimates from the state demographic office", "Population",
                  ["https://demography.example.gov/estimates"]),
        ],
        claims=[
            _claim(4, "count", "working sessions"),
            _claim(265, "count", "sworn officers", footnote=2),
            _claim(9, "count", "neighborhoods"),
            _claim(6, "count", "analysts"),
            _claim(11, "count", "homicides", period="2022"),
            _claim(731, "count", "aggravated assaults", period="2022"),
        ],
        text_repairs=["The site took part in 4 working sessions"],
        clean_rows=[2020, 2021, 2022],
    )
    return Variant("lake-marren-wi.txt", text.encode(), gold,
                   "a markdown pipe table with long offense names and a header with a glued call "
                   "('Population3'), a year with a glued call ('20191'), bracketed calls and '[n] text' bodies, "
                   "a word pair glued at a dropped line break ('sitetook')")


# ---- variant 3: aligned columns with rates and % change, a flattened table, spaced calls --

_V3_ROWS = [  # year, population, violent crime, homicide
    (2017, 402_115, 3_914, 52),
    (2018, 405_870, 4_120, 61),
    (2019, 409_302, 3_877, 47),
]
_V3_PROPERTY = [  # year, burglary, larceny-theft, motor vehicle theft
    (2018, 2_210, 9_874, 1_302),
    (2019, 2_034, 9_530, 1_415),
]
_V3_BAD_RATE_YEAR = 2018  # printed 10 higher than count / population x 100,000
_V3_BAD_CHANGE_YEAR = 2019  # printed with the wrong sign


def _v3_aligned_table() -> list[str]:
    header = ["Year", "Population", "Violent crime", "Violent crime rate", "% change", "Murder"]
    rows = [header]
    previous = None
    for year, population, violent, murder in _V3_ROWS:
        rate = violent / population * 100_000 + (10 if year == _V3_BAD_RATE_YEAR else 0)
        change = "" if previous is None else _pct(previous, violent)
        if year == _V3_BAD_CHANGE_YEAR:
            change = change.replace("-", "+")
        rows.append([str(year), f"{population:,}", f"{violent:,}", f"{rate:,.1f}", change or "--", str(murder)])
        previous = violent
    widths = [max(len(row[i]) for row in rows) + 3 for i in range(len(header))]
    return ["  " + "".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def variant_rates_and_spaced_calls() -> Variant:
    flattened = "Year Burglary Larceny-theft Motor vehicle theft " + " ".join(
        f"{y} {b:,} {lt:,} {mvt:,}" for y, b, lt, mvt in _V3_PROPERTY
    )
    text = "\n".join([
        "Pine Harbor, TN",
        "",
        "Pine Harbor entered the National Public Safety Partnership (PSP) in 2017. 1 Pine Harbor "
        "leaders chose 3 focus areas for the engagement.PARTNERS AND PRIORITIES",
        "The Pine Harbor Police Department (PHPD) has 780 sworn officers. 2 The department patrols "
        "5 precincts.",
        "",
        "Table 1. Violent crime and rates, 2017-2019",
        "",
        *_v3_aligned_table(),
        "",
        "Source: PHPD records management system.",
        "",
        "Table 2. Property crime, 2018-2019 " + flattened,
        "",
        "Source: PHPD records management system.",
        "",
        "In 2019, officers made 1,240 firearm arrests. The city opened 2 youth centers.",
        "",
        "Notes",
        "1 Tennessee Bureau of Investigation, Crime in Tennessee, https://www.example.gov/tbi/crime.",
        "2 PHPD staffing roster, January 2020.",
        "",
    ])
    rate_check = "table.rate_matches_counts"
    change_check = "table.percent_change_matches_counts"
    gold = _gold(
        "pine-harbor-tn.txt", "Pine Harbor, TN", "Pine Harbor", "Tennessee",
        tables=[
            {"table_id": "Table 1", "caption": "Violent crime and rates, 2017-2019",
             "crime_stats_columns": ["year", "population", "violent_crime", None, None, "homicide"],
             "rows": [[y, p, v, None, None, m] for y, p, v, m in _V3_ROWS]},
            {"table_id": "Table 2", "caption": "Property crime, 2018-2019",
             "crime_stats_columns": ["year", "burglary", "larceny_theft", "motor_vehicle_theft"],
             "rows": [list(row) for row in _V3_PROPERTY]},
        ],
        footnotes=[
            _note(1, "Tennessee Bureau of Investigation", "(PSP) in 2017", ["https://www.example.gov/tbi/crime"]),
            _note(2, "PHPD staffing roster", "780 sworn officers"),
        ],
        claims=[
            _claim(3, "count", "focus areas"),
            _claim(780, "count", "sworn officers", footnote=2),
            _claim(5, "count", "precincts"),
            _claim(1240, "count", "firearm arrests", period="2019"),
            _claim(2, "count", "youth centers", period="2019"),
        ],
        text_repairs=["focus areas for the engagement.\n\nPARTNERS AND PRIORITIES\n\nThe Pine Harbor"],
        expected_validation=[
            {"kind": rate_check, "severity": "warning"},
            {"kind": change_check, "severity": "warning"},
        ],
        clean_rows=[2017, 2018, 2019],
    )
    return Variant("pine-harbor-tn.txt", text.encode(), gold,
                   "a 'City, ST' title, columns aligned with spaces, a rate and a '% change' column (one rate and "
                   "one change wrong on purpose), a table flattened onto its caption line, calls printed as a bare "
                   "number after the sentence ('in 2017. 1 Pine'), a heading glued to the sentence before it, and a "
                   "'Notes' list of '1 text' lines")


def all_variants() -> list[Variant]:
    return [variant_years_as_columns(), variant_pipe_table(), variant_rates_and_spaced_calls()]


def revised_pipe_table() -> Variant:
    """Variant 2 as a later document would print it: one 2021 count revised (a cross-document conflict)."""
    original = variant_pipe_table()
    text = original.data.decode().replace("| 2021 | 149,034 | 19 |", "| 2021 | 149,034 | 21 |")
    text = text.replace("| 688 | 1,006 |", "| 688 | 1,008 |")
    return Variant("lake-marren-wi-revised.txt", text.encode(), original.gold, "variant 2 with one revised count")
