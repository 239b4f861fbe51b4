"""The README stays true: every command is documented and CI runs the README's test command."""

import re
from pathlib import Path

from govkg.graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S)
    assert block, "README has no Quick start block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands():
    assert len(quick_start()) == 2


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start()[1] in ci


def test_every_command_is_documented():
    for name in main.commands:
        assert f"### `govkg {name}`" in README, f"govkg {name} is not documented in README.md"
