from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Keep the test run's validated-dataset cache out of the user's cache directory.
os.environ.setdefault("ALLYSCORE_CACHE_DIR", tempfile.mkdtemp(prefix="allyscore-test-cache-"))
# A world layer the user has built must not change what the tests see (tests that want one name it).
os.environ["ALLYSCORE_WORLD"] = "off"

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
