"""Ctrl-C while the command line is still importing prints one line and exits 130."""

from __future__ import annotations

import builtins

import pytest


def test_interrupt_during_import_is_one_line(monkeypatch, capsys):
    import sys

    from allyscore import entry

    monkeypatch.delitem(sys.modules, "allyscore.cli", raising=False)
    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "cli" or name.endswith("allyscore.cli"):
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as info:
        entry.main()
    assert info.value.code == 130
    assert capsys.readouterr().err == "allyscore: interrupted; nothing was written\n"
