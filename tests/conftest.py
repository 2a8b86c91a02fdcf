from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Test what users install. `python -m pytest` puts the working directory (the checkout) first on
# sys.path, so `import allyscore` would read the source tree, not the installed package with its
# packed data, rubrics and schemas. Drop that entry (before site-packages) here, and keep it off the path of child processes
# (PYTHONSAFEPATH, Python 3.11+). An editable install (a .pth entry further down) still maps allyscore
# to the checkout.
_SITE = next((i for i, p in enumerate(sys.path) if p.endswith("site-packages")), len(sys.path))
sys.path[:] = [p for i, p in enumerate(sys.path) if i >= _SITE or Path(p or os.curdir).resolve() != ROOT]
os.environ["PYTHONSAFEPATH"] = "1"

# Keep the test run's validated-dataset cache out of the user's cache directory, and remove it after.
_CACHE = None
if "ALLYSCORE_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="allyscore-test-cache-")
    os.environ["ALLYSCORE_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    if _CACHE is not None:
        shutil.rmtree(_CACHE, ignore_errors=True)


FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


@pytest.fixture
def mini_path() -> Path:
    return MINI


@pytest.fixture
def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run the CLI in-process; stdout and stderr kept apart."""
    from allyscore.cli import app

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return run
