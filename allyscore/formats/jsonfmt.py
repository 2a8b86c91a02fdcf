"""The JSON format: deterministic text (allyscore.formats.common.dumps) of the plain data that the engine and
the analyses build (allyscore.plain, allyscore.engine); re-exported here, where the commands look for it."""

from __future__ import annotations

from ..engine import tie_score_dict  # noqa: F401 - re-exported
from ..plain import dataset_dict  # noqa: F401 - re-exported
from .common import dumps  # noqa: F401 - re-exported
