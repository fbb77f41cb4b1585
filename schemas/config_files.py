"""The files people edit beside the documents, read strictly: one way for all of them.

`raw/sites.yaml` (site and state per source, `flows.site_overrides`) and `schemas/waivers.yaml`
(accepted findings, `schemas.waivers`) are each validated with a pydantic model; a file that is
not YAML, holds a tag (`!!python/object`), is not a mapping, or has an entry of the wrong shape is
one `ConfigError` naming the file and the line. The flow reads both at the start of a run, so no
run stops half way because of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

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


def _dotted(location: tuple[Any, ...]) -> str:
    """`waivers[1].check`, `a.txt.site`: the path to a value as a reader of the file says it."""
    text = ""
    for part in location:
        if part != "[key]":
            text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _problem(error: ValidationError, root: yaml.Node | None, expected: str) -> tuple[int | None, str]:
    """The first problem, as the line it is on and words a person reads: the fields an entry
    lacks are named together, an entry that is not a mapping says so."""
    errors = error.errors()
    first = errors[0]
    location = tuple(first["loc"])
    if not _dotted(location):
        return _node_line(root, ()), f"expected {expected}"
    if first["type"] == "missing":
        parent = location[:-1]
        missing = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and tuple(e["loc"][:-1]) == parent]
        return _node_line(root, parent), f"{_dotted(parent) or 'the file'} has no {', '.join(missing)}"
    if first["type"] in ("model_type", "dict_type"):
        found = type(first["input"]).__name__
        return _node_line(root, location), f"{_dotted(location)}: should be a mapping, not {found}"
    message = first["msg"].removeprefix("Value error, ")
    return _node_line(root, location), f"{_dotted(location)}: {message[0].lower()}{message[1:]}"


def text_to_model(text: str, name: str, model: type[Model], expected: str) -> Model | None:
    """The text parsed and validated as `model`; `name` is the file it came from and `expected`
    says what its top must be (both for the message). None for a file with no data."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)  # where it began
        line = mark.line + 1 if mark else None
        if isinstance(error, yaml.constructor.ConstructorError):  # a tag: plain data only
            raise ConfigError(name, line, "YAML tags (such as !!python/object) are not allowed") from None
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(name, line, f"not valid YAML ({problem})") from None
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ConfigError(name, *_problem(error, root, expected)) from None


def read_yaml_model(path: Path, model: type[Model], expected: str) -> Model | None:
    """The file parsed and validated as `model` (see `text_to_model`); None when it does not
    exist or holds no data."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(str(path), None, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise ConfigError(str(path), None, f"cannot be read ({error.strerror or error})") from None
    return text_to_model(text, str(path), model, expected)
