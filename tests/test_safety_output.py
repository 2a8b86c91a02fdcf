"""Issue 16: --output only ever writes a regular file, never an input of the run; stdout that is full
or closed is one clean line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from allyscore import atomic

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "d.yaml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_output_over_the_dataset_is_refused(cli, tmp_path):
    data = _data(tmp_path)
    before = data.read_bytes()
    result = cli("report", "--data", str(data), "-o", str(data))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"allyscore: --output: {str(data)!r} is also an input of this run ({data}) "
                             "(write the output to another file)\n")
    assert data.read_bytes() == before


def test_output_over_an_input_by_another_name_is_refused(cli, tmp_path):
    data = _data(tmp_path)
    link = tmp_path / "hard.yaml"
    os.link(data, link)  # same inode, another name
    result = cli("report", "--data", str(data), "-o", str(link))
    assert result.exit_code == 2 and "is also an input of this run" in result.stderr
    pairs = tmp_path / "pairs.txt"
    pairs.write_text("iran:russia\n")
    result = cli("report", "--data", str(data), "--pairs-file", str(pairs), "-o", str(pairs))
    assert result.exit_code == 2 and "is also an input of this run" in result.stderr
    assert pairs.read_text() == "iran:russia\n"


def test_output_over_the_rubric_is_refused(cli, tmp_path):
    rubric = tmp_path / "r.yaml"
    rubric.write_text((Path(__file__).parent.parent / "rubrics" / "costly-signals-1.0.0.yaml").read_text())
    before = rubric.read_bytes()
    result = cli("report", "--data", str(_data(tmp_path)), "-r", str(rubric), "-o", str(rubric))
    assert result.exit_code == 2 and "is also an input of this run" in result.stderr
    assert rubric.read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_output_to_a_special_file_is_refused(cli, tmp_path, kind):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
        expected = (f"allyscore: --output: {str(target)!r} is not a regular file (a device, FIFO or socket) "
                    "(--output writes regular files only; leave it out to write to stdout)\n")
    elif kind == "device":
        target = Path("/dev/null")
        expected = ("allyscore: --output: '/dev/null' is not a regular file (a device, FIFO or socket) "
                    "(--output writes regular files only; leave it out to write to stdout)\n")
    else:
        target = tmp_path
        expected = f"allyscore: --output: {str(target)!r} is a folder (name a file, e.g. report.html)\n"
    result = cli("report", "--data", str(_data(tmp_path)), "-o", str(target))
    assert (result.exit_code, result.stderr) == (2, expected)
    if kind == "fifo":
        assert Path(target).is_fifo()
    if kind == "device":
        assert not Path("/dev/null").is_file()


def test_a_read_only_output_needs_force(cli, tmp_path):
    data = _data(tmp_path)
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o444)
    result = cli("report", "--data", str(data), "-f", "json", "-o", str(target))
    assert (result.exit_code, result.stderr) == (
        2, f"allyscore: --output: {str(target)!r} is read-only (add --force to replace it)\n")
    assert target.read_text() == "old"
    result = cli("report", "--data", str(data), "-f", "json", "-o", str(target), "--force")
    assert result.exit_code == 0 and target.read_text().startswith("{")
    assert target.stat().st_mode & 0o777 == 0o444  # replaced, still read-only


def test_a_symlink_output_is_written_through_to_its_target(cli, tmp_path):
    data = _data(tmp_path)
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = cli("report", "--data", str(data), "-f", "json", "-o", str(link))
    assert result.exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("{")
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "new.json")
    assert cli("report", "--data", str(data), "-f", "json", "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "new.json").read_text().startswith("{")
    # a symlink to an input is that input
    data_link = tmp_path / "data-link.yaml"
    data_link.symlink_to(data)
    result = cli("report", "--data", str(data), "-o", str(data_link))
    assert result.exit_code == 2 and "is also an input of this run" in result.stderr


def test_import_atop_refuses_to_overwrite_its_input(cli, tmp_path):
    csv = tmp_path / "atop.csv"
    csv.write_text("ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
                   "2,20,1990,1,0,0,0,0\n")
    (tmp_path / "cow_states2016.csv").write_text(
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
        "USA,2,United States of America,1816,1,1,2016,12,31,2016\nCAN,20,Canada,1920,1,10,2016,12,31,2016\n")
    before = csv.read_bytes()
    result = cli("import", "atop", str(csv), "-o", str(csv))
    assert result.exit_code == 2 and "is also an input of this run" in result.stderr
    assert csv.read_bytes() == before
    result = cli("import", "atop", str(csv), "-o", str(tmp_path / "cow_states2016.csv"))
    assert result.exit_code == 2 and "is also an input of this run" in result.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_temporary_file_is_removed_on_sigterm_and_sighup(tmp_path, monkeypatch, signum):
    target = tmp_path / "out.txt"
    real_fsync = os.fsync

    def signalled_fsync(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signum)  # arrives while the temporary file exists

    monkeypatch.setattr(atomic.os, "fsync", signalled_fsync)
    before = signal.getsignal(signum)
    with pytest.raises(atomic.Terminated) as info:
        atomic.write_atomic(target, "x" * 100_000)
    assert info.value.exit_code == 128 + signum
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signum) == before  # restored after the write


def test_sigterm_during_a_write_exits_143_and_leaves_nothing(tmp_path):
    """A child process that writes a large report with a slow fsync, killed with SIGTERM mid-write."""
    data = _data(tmp_path)
    script = (
        "import os, sys, time\n"
        "from allyscore import atomic\n"
        "real, ready = os.fsync, sys.argv[3]\n"
        "def slow(fd):\n"
        "    real(fd); open(ready, 'w').close(); time.sleep(30)\n"
        "atomic.os.fsync = slow\n"
        "from allyscore.cli import main\n"
        "sys.argv = ['allyscore', 'report', '--data', sys.argv[2], '-f', 'json', '-o', sys.argv[1]]\n"
        "main()\n")
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", script, str(out), str(data), str(ready)],
                            stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        if ready.exists() or proc.poll() is not None:
            break
        import time

        time.sleep(0.05)
    assert ready.exists()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert err == "allyscore: interrupted; nothing was written\n"
    assert [p.name for p in out.parent.iterdir()] == []


def test_a_full_stdout_is_one_line_and_exit_74(tmp_path):
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(tmp_path / "cache")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "allyscore", "report", "--data", str(_data(tmp_path)),
                               "-f", "json"], stdout=full, stderr=subprocess.PIPE, text=True, env=env)
    assert (proc.returncode, proc.stderr) == (74, "allyscore: cannot write the output: No space left on device\n")


def test_a_closed_stdout_is_one_line_and_exit_74(tmp_path):
    env = {**os.environ, "ALLYSCORE_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "allyscore", "rate", "iran", "russia", "--data",
                             str(_data(tmp_path))], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader is gone before anything is written
    proc.stdout = None
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert (proc.returncode, err) == (74, "allyscore: cannot write the output: Broken pipe\n")
