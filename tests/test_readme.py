"""The README is the manual: every psp command and option it shows exists, and every command and
option of the CLI is shown there (as sqlite-utils' tests/test_docs.py does for its CLI)."""

from __future__ import annotations

import argparse
import re

import pytest

from flows.cli import build_parser
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# options every command takes, documented once ("Every command takes `--project DIR`")
SHARED_OPTIONS = {"--project", "--out"}


def _code() -> list[str]:
    """Lines of the README's shell blocks, and its inline code spans."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    lines = [line.split("  #")[0] for block in blocks for line in block.splitlines()]
    return lines + re.findall(r"`([^`\n]+)`", README)


def documented_uses() -> list[tuple[str, set[str]]]:
    """(command, options) of every `psp COMMAND ...` the README shows."""
    uses = []
    for text in _code():
        for match in re.finditer(r"\bpsp ([a-z-]+)([^|`]*(?:\|[^`]*)?)", text):
            uses.append((match.group(1), set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", match.group(2)))))
    return uses


def cli_commands() -> dict[str, argparse.ArgumentParser]:
    return build_parser()[1]


def options_of(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings if o.startswith("--") and o != "--help"}


def test_every_documented_command_and_option_exists():
    commands = cli_commands()
    top = options_of(build_parser()[0])
    uses = documented_uses()
    assert len(uses) > 10
    for command, options in uses:
        if command.startswith("-"):
            continue
        assert command in commands, f"README shows `psp {command}`, which is not a command"
        unknown = options - options_of(commands[command])
        assert not unknown, f"README shows `psp {command}` with {sorted(unknown)}, which it does not take"
    for option in re.findall(r"\bpsp (--[a-z-]+)", README):
        assert option in top, f"README shows `psp {option}`, which psp does not take"


@pytest.mark.parametrize("command", sorted(cli_commands()))
def test_every_command_and_its_options_are_documented(command):
    shown: set[str] = set()
    for name, options in documented_uses():
        if name == command:
            shown |= options
    assert any(name == command for name, _ in documented_uses()), f"`psp {command}` is not in the README"
    missing = options_of(cli_commands()[command]) - shown - SHARED_OPTIONS
    assert not missing, f"README does not show `psp {command}` with {sorted(missing)}"


def test_shared_and_top_level_options_are_documented():
    assert "Every command takes `--project DIR`" in README
    assert "takes `--out DIR`" in README
    for option in options_of(build_parser()[0]):
        assert f"psp {option}" in README, f"`psp {option}` is not in the README"


def test_readme_starts_with_the_two_commands_of_a_fresh_machine():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert README.startswith("```sh\n")
    assert [line.split("#")[0].strip() for line in first_block.splitlines()] == ["make run", "make test"]
