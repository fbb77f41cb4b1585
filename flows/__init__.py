"""Prefect flows and the `psp` command. Importing this package applies the project's Prefect
settings (see flows/settings.py) before Prefect itself is imported."""

from flows import settings as _settings  # noqa: F401
