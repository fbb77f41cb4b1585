"""Settings: project paths from the working directory, the version from the package metadata, the
pipeline digest from the installed code, and Prefect's settings applied only when asked."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from flows.settings import code_digest, package_version, pipeline_version, prefect_settings, project


def test_importing_the_package_changes_no_setting(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    code = "import os, flows.cli\nprint(sorted(k for k in os.environ if k.startswith('PREFECT_')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=environment, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_project_paths_come_from_the_working_directory_or_the_given_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    here = project()
    assert (here.raw, here.processed) == (tmp_path / "raw", tmp_path / "processed")
    assert here.waivers_file == tmp_path / "schemas" / "waivers.yaml"
    assert here.prefect_home == tmp_path / ".prefect"
    assert project(tmp_path / "elsewhere").raw == tmp_path / "elsewhere" / "raw"
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    assert project().prefect_home == tmp_path / "home"  # the user's own Prefect home wins
    assert prefect_settings(tmp_path / "home")["PREFECT_HOME"] == str(tmp_path / "home")


def test_the_version_is_the_installed_packages():
    assert package_version() == metadata.version("psp-extract")
    assert pipeline_version().startswith(package_version() + "+")


def test_the_pipeline_version_does_not_depend_on_the_working_directory(tmp_path):
    code = "from flows.settings import pipeline_version\nprint(pipeline_version())"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == pipeline_version(), done.stderr


def test_the_code_digest_changes_with_code_or_rules_and_only_with_them(tmp_path):
    package = tmp_path / "extractors"
    (package / "vocab" / "data").mkdir(parents=True)
    (package / "pipeline.py").write_text("def run(): ...\n")
    (package / "vocab" / "data" / "vocabulary.yaml").write_text("offenses: [robbery]\n")
    (package / "waivers.yaml").write_text("waivers: []\n")

    def digest() -> str:
        return code_digest({"extractors": Path(package)})

    first = digest()
    (package / "waivers.yaml").write_text("waivers: [accepted]\n")  # a reviewer's decision, not a rule
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "pipeline.cpython-311.pyc").write_bytes(b"\x00")
    (package / "notes.txt").write_text("not code\n")
    assert digest() == first
    (package / "vocab" / "data" / "vocabulary.yaml").write_text("offenses: [robbery, burglary]\n")
    second = digest()
    assert second != first
    (package / "pipeline.py").write_text("def run(): return 1\n")
    assert digest() not in (first, second)
