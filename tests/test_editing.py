"""The editors' side: pull-request workflow, template, CODEOWNERS, CONTRIBUTING and the README."""

from __future__ import annotations

import argparse
import re

import yaml
from conftest import ROOT

from kennisbank.checker import check
from kennisbank.cli import _parser
from kennisbank.codeowners import render


def test_workflow_checks_builds_and_tests_every_pull_request() -> None:
    workflow = yaml.safe_load(
        (ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    )
    assert "pull_request" in workflow[True]  # YAML reads the key `on` as True
    steps = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["controle"]["steps"])
    assert "make check-github" in steps and "make build" in steps and "make test" in steps
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "build.py check --format github" in makefile


def test_codeowners_is_current_and_gives_records_to_their_gemeente() -> None:
    kb = check(ROOT / "data").kennisbank
    text = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert text == render(kb), "CODEOWNERS is out of date: run `python build.py codeowners`"
    assert (
        "/data/praktijkvoorbeelden/nijmegen-keten-jonge-kind.yaml  @kennisbank-jonge-kind/redactie "
        "@kennisbank-jonge-kind/gemeente-nijmegen" in text
    )


def test_pull_request_template_has_the_editors_checklist() -> None:
    template = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 5
    assert "bron" in template and "gewone taal" in template


def test_contributing_explains_a_real_error_message() -> None:
    """The example in CONTRIBUTING.md is what the checker really says (minus file and line)."""
    expected = (ROOT / "tests/data/invalid/organisaties/onbekende-wijk.expected").read_text(
        encoding="utf-8"
    )
    first, tip = expected.strip().split("\n")
    message = first.split(": ", 1)[1]
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert message in guide and tip.strip() in guide
    for step in ("Wijzig deze pagina", "pull request", "Files changed", "meld een fout"):
        assert step in guide, step


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = [*(ROOT / "kennisbank").glob("*.py"), ROOT / "build.py", ROOT / "Makefile"]
    names = {n for path in code for n in re.findall(r"KENNISBANK_[A-Z_]+", path.read_text())}
    assert len(names) >= 5, names
    for name in sorted(names):
        assert f"`{name}" in readme, f"`{name}` is not documented in README.md"


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    subparsers = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in subparsers.choices:
        assert f"build.py {name}" in readme, f"`build.py {name}` is not documented in README.md"
