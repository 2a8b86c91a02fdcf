"""Upgrade a dataset file from schema 1 to schema 2, losslessly.

Schema 2 (see `allyscore.model`) makes `formal_commitment` directed: an observation `A->B` is A's
written obligation towards B, as ATOP codes it per direction. A schema-1 mutual observation becomes the
same observation twice, once per direction, so every rubric folds it to the level it had. Crisis roles
(`attackers`, `attacked`) are optional and left for the author to add. Nothing else changes.
"""

from __future__ import annotations

import copy
import os
import re
from typing import Any

from .errors import InputFileError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DIRECTED_IN_2 = "formal_commitment"
DIRECTED_DESCRIPTION = ("Written obligations of one party towards the other (treaties, pledges), read from their "
                        "text per direction, as ATOP codes them: A->B is A's obligation towards B.")


def migrate_data(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The schema-2 form of schema-1 plain data, and what changed (one line per kind of change)."""
    out = copy.deepcopy(data)
    out["schema_version"] = 2
    changes = ["schema_version: 1 -> 2"]
    dims = {d.get("id"): d for d in out.get("dimensions", []) if isinstance(d, dict)}
    dim = dims.get(DIRECTED_IN_2)
    if dim is None or dim.get("directed") is True:
        return out, changes
    dim["directed"] = True
    if dim.get("description"):
        dim["description"] = DIRECTED_DESCRIPTION
    changes.append(f"dimension {DIRECTED_IN_2}: directed (A->B is A's obligation towards B)")
    split = 0
    for tie in out.get("ties", []):
        a, b = tie["pair"]
        observations = []
        for obs in tie.get("observations", []):
            if obs.get("dimension") == DIRECTED_IN_2 and obs.get("direction") == "mutual":
                observations += [{**obs, "direction": f"{a}->{b}"}, {**copy.deepcopy(obs), "direction": f"{b}->{a}"}]
                split += 1
            else:
                observations.append(obs)
        tie["observations"] = observations
    changes.append(f"{split} mutual {DIRECTED_IN_2} observation(s) written once per direction")
    return out, changes


def migrate_file(path: str | os.PathLike[str], output: str | os.PathLike[str] | None = None) -> list[str]:
    """Migrate a schema-1 file (validated first) and write it atomically to `output` (default: in place).

    Returns the changes; an empty list when the file is already at schema 2 (nothing is written).
    Raises InputFileError when the file is invalid, or when the result would not validate.
    """
    from .atomic import write_atomic
    from .dataset import _validate_text, load_dataset
    from .files import read_text
    from .yamlio import parse_data

    name = str(path)
    loaded = load_dataset(name)  # refuses an invalid file with its FILE:LINE:COL message
    if loaded.model.schema_version == 2:
        return []
    text = read_text(name)
    migrated, changes = migrate_data(parse_data(text, name))
    body = _dump(migrated)
    header = "".join(line + "\n" for line in _leading_comments(text))
    new_text = header + body
    try:
        _validate_text(str(output or name), new_text, "")
    except InputFileError as exc:  # a bug here must not overwrite a good file
        raise InputFileError(f"the migrated file would not validate: {exc.problems[0].message}",
                             file=name) from None
    write_atomic(output or name, new_text)
    return changes


def _leading_comments(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _dump(data: dict[str, Any]) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: Any, value: str) -> Any:  # a full ISO date stays plain: it loads back as the same date
        if _ISO_DAY.fullmatch(value):
            return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110)
