"""Tests for the wheel: it carries the package, its assets and the seed dataset, byte for byte.

The build runs once per module. With hatchling in the venv it builds without isolation and needs
no network; otherwise ``build`` installs hatchling into a throwaway environment from the index.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dashboard import __version__
from dashboard.settings import PACKAGE_DIR

ROOT = PACKAGE_DIR.parent
SEED = "seeds/iran-russia-treaty"
SEED_FILES = ("article.txt", "actors.csv", "relations.csv", "triples.csv", "dataset.toml")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    outdir = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")
    done = subprocess.run(
        [*command, str(ROOT)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (path,) = outdir.glob("*.whl")
    with zipfile.ZipFile(path) as archive:
        yield archive


def test_pkg001_wheel_holds_the_package(wheel):
    names = set(wheel.namelist())
    for module in sorted(PACKAGE_DIR.glob("*.py")):
        assert f"dashboard/{module.name}" in names, module.name
    assert not any(name.startswith("tests/") for name in names)


@pytest.mark.parametrize(
    "inside, checkout",
    [
        ("dashboard/assets/style.css", "assets/style.css"),
        *[(f"dashboard/{SEED}/{name}", f"{SEED}/{name}") for name in SEED_FILES],
    ],
)
def test_pkg002_wheel_carries_assets_and_seeds_byte_for_byte(wheel, inside, checkout):
    assert inside in wheel.namelist()
    assert wheel.read(inside) == (ROOT / checkout).read_bytes()


def test_pkg003_wheel_declares_the_command_and_dependencies(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "dashboard = dashboard.cli:main" in wheel.read(entry_points).decode()
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode()
    requirements = [
        line.removeprefix("Requires-Dist: ")
        for line in text.splitlines()
        if line.startswith("Requires-Dist: ")
    ]
    # what the package needs to run, each named once; the rest only under an extra
    needed = {re.match(r"[A-Za-z0-9_.-]+", r)[0] for r in requirements if "extra ==" not in r}
    assert needed == {
        "dash", "plotly", "networkx", "pandas", "numpy", "scipy", "igraph", "gunicorn",
        "dash-ag-grid",
    }  # fmt: skip
    assert "Provides-Extra: bench" in text.splitlines()
    assert any(re.fullmatch(r"pyvis\S*; extra == ['\"]bench['\"]", r) for r in requirements)


def test_pkg004_every_seed_file_is_packaged(wheel):
    shipped = {
        Path(n).relative_to("dashboard")
        for n in wheel.namelist()
        if n.startswith("dashboard/seeds/")
    }
    in_checkout = {p.relative_to(ROOT) for p in (ROOT / "seeds").rglob("*") if p.is_file()}
    assert shipped == in_checkout


def test_pkg005_distribution_has_its_own_name_and_the_package_version(wheel):
    # "dashboard" on the package index is someone else's project: ours must not claim that name.
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(metadata).decode()
    assert "\nName: quotegraph\n" in text
    assert f"\nVersion: {__version__}\n" in text
    assert metadata == f"quotegraph-{__version__}.dist-info/METADATA"


def test_pkg006_pre_commit_hook_runs_validate_on_dataset_files():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: dashboard-validate\n" in hooks
    assert "  entry: dashboard validate\n" in hooks
    assert "  language: python\n" in hooks
    (pattern,) = re.findall(r"^  files: (.+)$", hooks, re.MULTILINE)
    for name in SEED_FILES:
        assert re.search(pattern, f"datasets/some-article/{name}"), name
    assert not re.search(pattern, "README.md")
    assert not re.search(pattern, "notes/triples.csv.bak")


def test_pkg007_test_case_ids_are_unique():
    """`-k cb039` must select one test: a case id (group and number) is used once in the suite."""
    seen: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for case in re.findall(
            r"^def test_([a-z]+[0-9]+)_", path.read_text(encoding="utf-8"), re.M
        ):
            seen.setdefault(case, []).append(str(path.relative_to(ROOT)))
    assert {case: files for case, files in seen.items() if len(files) > 1} == {}
    assert len(seen) > 300  # the pattern does find the suite's case ids
