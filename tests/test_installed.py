"""CI tests the package as users install it: imported from site-packages, with its data packed inside."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not os.environ.get("ALLYSCORE_TEST_INSTALLED"),
                                reason="set ALLYSCORE_TEST_INSTALLED=1 after a non-editable install (.ci/run does)")


def test_the_package_under_test_is_the_installed_one():
    import allyscore

    here = Path(allyscore.__file__).resolve()
    assert ROOT not in here.parents, f"allyscore was imported from the checkout: {here}"
    assert "site-packages" in here.parts


def test_bundled_files_come_from_the_wheel():
    from allyscore import resources

    for path in (resources.bundled_dataset(), resources.bundled_rubrics()):
        assert "_bundled" in path.parts and path.exists(), path


def test_a_child_process_runs_the_installed_package_too(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import allyscore; print(allyscore.__file__)"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert ROOT not in Path(out.strip()).resolve().parents
