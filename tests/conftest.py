from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# With ALLYSCORE_TEST_INSTALLED=1 (CI), test what users install. `python -m pytest` puts the working
# directory (the checkout) first on sys.path, so `import allyscore` would read the source tree, not the
# installed package with its packed data, rubrics and schemas: drop that entry (before site-packages)
# here, and keep it off the path of child processes (PYTHONSAFEPATH, Python 3.11+). tests/test_installed.py
# proves where allyscore came from. Without it (development, mutation testing) the checkout is tested.
if os.environ.get("ALLYSCORE_TEST_INSTALLED"):
    _SITE = next((i for i, p in enumerate(sys.path) if p.endswith("site-packages")), len(sys.path))
    sys.path[:] = [p for i, p in enumerate(sys.path) if i >= _SITE or Path(p or os.curdir).resolve() != ROOT]
    os.environ["PYTHONSAFEPATH"] = "1"

# Keep the test run's caches and its --data/--rubric defaults away from the user's (environment and
# config file, see allyscore.config); remove the temporary folders after the run.
_TEMP = []
if "ALLYSCORE_CACHE_DIR" not in os.environ:
    _TEMP.append(tempfile.mkdtemp(prefix="allyscore-test-cache-"))
    os.environ["ALLYSCORE_CACHE_DIR"] = _TEMP[-1]
os.environ.pop("ALLYSCORE_DATA", None)
os.environ.pop("ALLYSCORE_RUBRIC", None)
_TEMP.append(tempfile.mkdtemp(prefix="allyscore-test-config-"))
os.environ["XDG_CONFIG_HOME"] = _TEMP[-1]
# A world layer the user has built must not change what the tests see (tests that want one name it).
os.environ["ALLYSCORE_WORLD"] = "off"


def pytest_unconfigure(config):
    for folder in _TEMP:
        shutil.rmtree(folder, ignore_errors=True)


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
