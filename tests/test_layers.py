"""The import contracts (pyproject.toml, run by `make lint`) name every top-level app and catch
an import against the layers, such as the domain reaching up into the supplier sync."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contracts():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def top_level_packages():
    return {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}


def test_every_top_level_package_is_under_contract():
    assert set(contracts()["root_packages"]) == top_level_packages()


def lint_copy(tmp_path, extra_module=None):
    """lint-imports over a copy of the project's Python files, with one module added."""
    for package in top_level_packages():
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "templates", "static",
                                                      "locale"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    if extra_module:
        path, source = extra_module
        (tmp_path / path).write_text(source)
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)


def test_the_project_keeps_its_layers(tmp_path):
    result = lint_copy(tmp_path)
    assert result.returncode == 0, result.stdout


def test_shop_importing_the_supplier_sync_breaks_the_layers(tmp_path):
    result = lint_copy(tmp_path, ("shop/upward.py", "from suppliers.sync import hooks\n"))
    assert result.returncode != 0
    assert "shop.upward -> suppliers.sync.hooks" in result.stdout


def test_one_feature_app_importing_another_breaks_independence(tmp_path):
    result = lint_copy(tmp_path, ("search/sideways.py", "import home.blocks\n"))
    assert result.returncode != 0
    assert "search.sideways -> home.blocks" in result.stdout
