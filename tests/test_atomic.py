"""Files allyscore writes get the usual permissions, not mkstemp's 0600."""

from __future__ import annotations

import os

from allyscore.atomic import write_atomic


def test_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "new.txt").read_text() == "x"


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "kept.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]  # no temporary file left behind
