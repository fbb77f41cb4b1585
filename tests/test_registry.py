"""The check registry is the one declaration of every check: the README's check table lists
exactly its checks, with their severities and datasets, and the code emits no other check."""

from __future__ import annotations

import re

from schemas.datasets import DATASETS
from schemas.registry import CHECKS, SCHEMA
from tests.conftest import REPO


def readme_checks() -> dict[str, tuple[str, set[str]]]:
    """check id -> (severity, datasets) as the README's Checks table gives them."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Checks\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, tuple[str, set[str]]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        ids = re.findall(r"`([^`]+)`", cells[0])
        datasets = [re.findall(r"`([^`]+)`", part) for part in cells[2].split(" / ")]
        for index, check in enumerate(ids):
            names = set(datasets[index] if len(datasets) == len(ids) else datasets[0])
            if check == "schema.<dataset>":
                found.update({f"schema.{name}": (cells[1], {name}) for name in DATASETS})
            else:
                found[check] = (cells[1], names)
    return found


def test_the_readme_documents_every_check_and_only_those():
    documented = readme_checks()
    assert set(documented) - set(CHECKS) == set(), "documented but not declared"
    assert set(CHECKS) - set(documented) == set(), "declared but not documented"
    for check_id, (severity, datasets) in documented.items():
        check = CHECKS[check_id]
        assert (severity, datasets) == (check.severity, set(check.datasets)), check_id


def test_every_check_the_code_names_is_declared():
    code = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "schemas").glob("*.py"))
    named = set(re.findall(r"\"((?:table|claim|footnote|cross|document)\.[a-z_]+)\"", code))
    assert named <= set(CHECKS)
    assert {check.id for check in SCHEMA.values()} == {f"schema.{name}" for name in DATASETS}


def test_a_finding_takes_its_severity_from_the_registry_and_names_a_dataset_of_its_check():
    import pytest

    check = CHECKS["table.total_equals_components"]
    finding = check.finding(dataset="table_cells", expected="1", observed="2", message="a message here", place="x")
    assert (finding.check, finding.severity) == (check.id, "error")
    with pytest.raises(ValueError):
        check.finding(dataset="claims", expected="1", observed="2", message="a message here", place="x")
