"""pyproject.toml and environment.yml declare the same dependencies (with the dev extra)."""

from __future__ import annotations

import re
import tomllib

import yaml

from budgetlib.config import PROJ_ROOT


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    return match.group(1).lower(), match.group(2).replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text("utf-8"))
    # the conda environment is for working on budgetlib too: its dev tools are in it
    extras = project["optional-dependencies"]
    declared = dict(_name_and_spec(r) for r in [*project["dependencies"], *extras["dev"]])
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    conda_specs = dict(_name_and_spec(d.replace("=", "==", 1) if re.match(r"^\w+=\d", d) else d)
                       for d in conda)
    assert env["channels"] == ["conda-forge"]
    assert conda_specs.pop("python") == "==" + project["requires-python"].removeprefix(">=")
    conda_specs.pop("pip")
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_part[-1] == "-e ."
    pip_specs = dict(_name_and_spec(d) for d in pip_part[:-1])
    assert not set(pip_specs) & set(conda_specs)
    assert conda_specs | pip_specs == declared
