"""The files people edit beside the documents, read strictly before a run writes anything.

`raw/sites.yaml` (site and state per source) and `schemas/waivers.yaml` (accepted findings) are
validated with pydantic models; a file that is not YAML, holds a tag (`!!python/object`), is not
a mapping, or has an entry of the wrong shape is one `ConfigError` naming the file and the line,
raised at the start of a run, so that no run stops half way because of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from schemas.waivers import Waiver

Model = TypeVar("Model", bound=BaseModel)


@dataclass
class ConfigError(Exception):
    """A configuration file that cannot be used; `str()` is the one line the CLI prints."""

    file: str
    line: int | None
    reason: str

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f", line {self.line}" if self.line else ""
        return f"{self.file}{where}: {self.reason}"


_Text = Field(min_length=1)


class SiteEntry(BaseModel):
    """One source's override in `raw/sites.yaml`."""

    model_config = ConfigDict(extra="forbid", strict=True)
    site: str | None = Field(default=None, min_length=1)
    state: str | None = Field(default=None, min_length=1)


class SitesFile(RootModel[dict[str, SiteEntry]]):
    """`raw/sites.yaml`: source (path under raw/) -> site and state."""


class WaiverEntry(BaseModel):
    """One accepted finding in `schemas/waivers.yaml` (other keys, such as who and when, are kept
    by the review commands and ignored here)."""

    model_config = ConfigDict(extra="ignore", strict=True)
    doc_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    check: str = _Text
    place: str = _Text
    reason: str = _Text


class WaiversFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    waivers: list[WaiverEntry] | None = None


def _node_line(root: yaml.Node | None, location: tuple[Any, ...]) -> int | None:
    """The line (1-based) of the YAML node at a pydantic error's location ("[key]" after a name
    means the key itself), or of the deepest node found on the way there."""
    node, found = root, root
    for index, key in enumerate(location):
        if isinstance(node, yaml.MappingNode):
            pair = next(((name, value) for name, value in node.value if name.value == str(key)), None)
            wants_key = index + 1 < len(location) and location[index + 1] == "[key]"
            node = None if pair is None else pair[0] if wants_key else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        elif key != "[key]":
            break
        if node is None:
            break
        found = node
    return found.start_mark.line + 1 if found is not None else None


def _problem(error: ValidationError, root: yaml.Node | None, expected: str) -> tuple[int | None, str]:
    first = error.errors()[0]
    location = tuple(first["loc"])
    named = [str(part) for part in location if part != "[key]"]
    if not named:
        return _node_line(root, ()), f"expected {expected}"
    return _node_line(root, location), f"{'.'.join(named)}: {first['msg'][0].lower()}{first['msg'][1:]}"


def read_yaml_model(path: Path, model: type[Model], expected: str) -> Model | None:
    """The file parsed and validated as `model` (`expected` says what its top must be, for the
    message); None when it does not exist or is empty."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError as error:
        raise ConfigError(str(path), None, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise ConfigError(str(path), None, f"cannot be read ({error.strerror or error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else None
        if isinstance(error, yaml.constructor.ConstructorError):  # a tag: plain data only
            raise ConfigError(str(path), line, "YAML tags (such as !!python/object) are not allowed") from None
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), line, f"not valid YAML ({problem})") from None
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ConfigError(str(path), *_problem(error, root, expected)) from None


def read_site_entries(path: Path) -> dict[str, SiteEntry]:
    """`raw/sites.yaml` as source -> entry (empty when the file is absent)."""
    sites = read_yaml_model(path, SitesFile, "a mapping of source (path under raw/) to site and state")
    return dict(sites.root) if sites is not None else {}


def read_waivers(path: Path) -> list[Waiver]:
    """The waivers of `schemas/waivers.yaml` (none when the file is absent)."""
    waivers = read_yaml_model(path, WaiversFile, "a mapping with a list of waivers under 'waivers'")
    entries = waivers.waivers or [] if waivers is not None else []
    return [Waiver(entry.doc_id, entry.check, entry.place, entry.reason) for entry in entries]
