"""Synthetic PSP-style case studies for benchmarks and fault injection.

Deterministic for a seed: fictional cities, prose with quantities and footnote calls, a crime
table whose totals add up (years as rows), footnotes with URLs. Text by default; PDF through
the tests' reportlab builder.

    python benchmarks/corpus.py OUT_DIR [--count N] [--pdf-share 0.2] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.model.printed_numbers import to_superscript  # noqa: E402

CITY_PARTS = ["River", "Lake", "Pine", "Oak", "Stone", "Cedar", "Harbor", "Maple", "Fair", "Spring"]
CITY_ENDS = ["ton", "field", "view", "port", "dale", "ford", "wood", "ville", "mont", "haven"]
STATES = ["Ohio", "Texas", "Oregon", "Georgia", "Nevada", "Kansas", "Utah", "Iowa", "Virginia", "Michigan"]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
SENTENCES = [
    "The {agency} ({acronym}) serves the city and has {n} districts.",
    "As of {month} 1, {year}, the department had approximately {big:,} sworn officers ({budget:,} budgeted).",
    "In {year}, the city recorded {pct}.{d} percent fewer nonfatal shootings than in the year before.",
    "The partnership launched {word} training courses for investigators in {month} {year}.",
    "Through the grant program, the {acronym} received ${money:,} to expand its crime gun unit.",
    "{city} is home to {pop:,} residents spread across more than {hoods} neighborhoods.",
    "A review of {n} cold cases led to {m} new arrests by the {acronym} and its partners.",
]
MONTHS = ["January", "March", "May", "June", "August", "October", "December"]


@dataclass(frozen=True)
class SyntheticDocument:
    name: str
    city: str
    state: str
    text: str
    rows: list[dict[str, int]]


def _table(rng: random.Random, start_year: int, years: int) -> list[dict[str, int]]:
    rows = []
    population = rng.randint(150_000, 900_000)
    for offset in range(years):
        parts = {
            "homicide": rng.randint(20, 400),
            "rape": rng.randint(50, 500),
            "robbery": rng.randint(300, 6000),
            "aggravated_assault": rng.randint(500, 7000),
        }
        population = int(population * rng.uniform(0.98, 1.02))
        rows.append({"year": start_year + offset, "population": population, **parts,
                     "violent_crime": sum(parts.values())})
    return rows


def _paragraphs(rng: random.Random, city: str, acronym: str, agency: str, count: int) -> list[str]:
    paragraphs = []
    for _ in range(count):
        sentences = []
        for template in rng.sample(SENTENCES, k=4):
            big = rng.randint(300, 3000)
            sentences.append(template.format(
                agency=agency, acronym=acronym, city=city, n=rng.randint(3, 12), m=rng.randint(2, 40),
                month=rng.choice(MONTHS), year=rng.randint(2016, 2023), big=big, budget=big + rng.randint(10, 400),
                pct=rng.randint(5, 40), d=rng.randint(0, 9), word=rng.choice(WORDS), money=rng.randint(5, 90) * 10_000,
                pop=rng.randint(150_000, 900_000), hoods=rng.randint(40, 250),
            ))
        paragraphs.append(" ".join(sentences))
    return paragraphs


def synthetic_document(seed: int, paragraphs: int = 24) -> SyntheticDocument:
    rng = random.Random(seed)
    city = rng.choice(CITY_PARTS) + rng.choice(CITY_ENDS)
    state = rng.choice(STATES)
    acronym = city[0].upper() + "PD"
    agency = f"{city} Police Department"
    rows = _table(rng, rng.randint(2012, 2017), rng.randint(4, 7))
    body = _paragraphs(rng, city, acronym, agency, paragraphs)
    notes = []
    for number, index in enumerate(sorted(rng.sample(range(len(body)), k=min(3, len(body)))), start=1):
        body[index] += to_superscript(str(number))
        notes.append(f"{to_superscript(str(number))} {agency}, Annual Report, https://www.example.gov/{city.lower()}/"
                     f"report-{number}.pdf (retrieved May {number}, 2023).")
    header = "Year\tPopulation\tViolent Crime\tHomicide\tRape\tRobbery\tAggravated Assault"
    table_lines = [
        f"{r['year']}\t{r['population']:,}\t{r['violent_crime']:,}\t{r['homicide']}\t{r['rape']}\t"
        f"{r['robbery']:,}\t{r['aggravated_assault']:,}"
        for r in rows
    ]
    text = "\n\n".join([
        f"CASE STUDY {city.upper()}, {state.upper()}",
        *body[: len(body) // 2],
        f"Table 1. Violent crime data ({rows[0]['year']}-{rows[-1]['year']})",
        "\n".join([header, *table_lines]),
        "Source: Local police department, 2023.",
        "KEY LESSONS",
        *body[len(body) // 2 :],
        *notes,
    ]) + "\n"
    return SyntheticDocument(f"{seed:05d}-{city.lower()}.txt", city, state, text, rows)


def write_corpus(out_dir: Path, count: int, *, pdf_share: float = 0.0, seed: int = 1) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        document = synthetic_document(seed * 100_000 + index)
        path = out_dir / document.name
        if index < int(count * pdf_share):
            from benchmarks.pdf_corpus import text_to_pdf

            path = text_to_pdf(document, path.with_suffix(".pdf"))
        else:
            path.write_text(document.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--pdf-share", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(len(write_corpus(args.out_dir, args.count, pdf_share=args.pdf_share, seed=args.seed)), "documents")


if __name__ == "__main__":
    main()
