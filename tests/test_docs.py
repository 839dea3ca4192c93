"""Every command the CLI offers is documented in the README's command table."""
from __future__ import annotations

from pathlib import Path

from sitrep.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    assert len(names) >= 10
    missing = [n for n in names if f"`sitrep {n}" not in README and f"`sitrep {n} " not in README and f", `sitrep {n}" not in README]
    assert not missing, f"commands missing from README: {missing}"
