"""A bad raw/sites.yaml or waivers file is one clear error before a run writes anything (issue 16)."""

from __future__ import annotations

import pytest

from flows.site_overrides import read_overrides, write_override
from schemas.config_files import ConfigError
from schemas.waivers import read_waivers
from tests.conftest import BALTIMORE

GOOD_WAIVER = "waivers:\n  - doc_id: 0123456789abcdef\n    check: table.total_equals_components\n    place: x\n"

# file text -> (line, words of the reason)
BAD_SITES = {
    "a.txt: [1, 2\n": (1, "not valid YAML"),  # the line the unclosed list began
    "- a.txt\n- b.txt\n": (1, "expected a mapping of source"),
    "just text\n": (1, "expected a mapping of source"),
    "a.txt: !!python/object:os.system {}\n": (1, "tags"),
    "a.txt: !custom {site: X}\n": (1, "tags"),
    "a.txt:\n  site: Springfield\nb.txt:\n  site: 3\n": (4, "b.txt.site"),
    "a.txt:\n  site: Springfield\n  town: Ohio\n": (3, "a.txt.town"),
    "a.txt: Springfield\n": (1, "a.txt"),
    "2019:\n  site: Springfield\n": (1, "2019"),
}
BAD_WAIVERS = {
    "waivers: 3\n": (1, "waivers"),
    "- doc_id: 0123456789abcdef\n": (1, "expected a mapping"),
    GOOD_WAIVER: (2, "waivers[0] has no reason"),
    GOOD_WAIVER + "    reason: ok\n  - doc_id: not-a-doc-id\n    check: c\n    place: p\n    reason: r\n": (
        6, "doc_id"),
    "waivers: !!python/name:os.system\n": (1, "tags"),
}


@pytest.mark.parametrize("text", sorted(BAD_SITES))
def test_a_bad_sites_file_names_the_file_and_line(tmp_path, text):
    (tmp_path / "sites.yaml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        read_overrides(tmp_path)
    line, words = BAD_SITES[text]
    assert raised.value.file == str(tmp_path / "sites.yaml") and raised.value.line == line
    assert words.lower() in raised.value.reason.lower(), raised.value.reason
    assert str(raised.value).startswith(f"{tmp_path / 'sites.yaml'}, line {line}: ")


@pytest.mark.parametrize("text", sorted(BAD_WAIVERS))
def test_a_bad_waivers_file_names_the_file_and_line(tmp_path, text):
    (tmp_path / "waivers.yaml").write_text(text)
    with pytest.raises(ConfigError) as raised:
        read_waivers(tmp_path / "waivers.yaml")
    line, words = BAD_WAIVERS[text]
    assert raised.value.line == line and words.lower() in raised.value.reason.lower(), raised.value


def test_good_files_read_as_before(tmp_path):
    write_override(tmp_path, "a.txt", "Lake Marren", "WI")
    write_override(tmp_path, "b.txt", None, "Ohio")
    overrides = read_overrides(tmp_path)
    assert (overrides["a.txt"].site, overrides["a.txt"].state, overrides["b.txt"].site) == ("Lake Marren", "WI", None)
    (tmp_path / "waivers.yaml").write_text(GOOD_WAIVER + "    reason: accepted\n    by: someone\n")
    assert [w.reason for w in read_waivers(tmp_path / "waivers.yaml")] == ["accepted"]
    assert read_overrides(tmp_path / "nowhere") == {} and read_waivers(tmp_path / "none.yaml") == []
    (tmp_path / "empty.yaml").write_text("# nothing yet\n")
    assert read_waivers(tmp_path / "empty.yaml") == []


def test_psp_ingest_stops_before_writing_anything(tmp_path, capsys):
    from flows.cli import main

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "good.txt").write_bytes(BALTIMORE.read_bytes())
    (raw / "sites.yaml").write_text("good.txt:\n  site: [Baltimore]\n")
    assert main(["ingest", str(raw), "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert error == [f"psp ingest: {raw / 'sites.yaml'}, line 2: good.txt.site: input should be a valid string"]
    assert not out.exists()


def test_the_flow_raises_before_writing_anything(tmp_path, prefect_harness):
    from flows.ingest import ingest

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "good.txt").write_bytes(BALTIMORE.read_bytes())
    (tmp_path / "waivers.yaml").write_text("waivers:\n  - just a string\n")
    with pytest.raises(ConfigError, match=r"waivers.yaml, line 2: "):
        ingest(raw_dir=str(raw), out_dir=str(out), waivers_file=str(tmp_path / "waivers.yaml"))
    assert not out.exists()
