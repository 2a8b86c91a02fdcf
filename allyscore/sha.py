"""SHA-256 that does not load OpenSSL for small inputs.

`import hashlib` loads OpenSSL's libcrypto, a few milliseconds of every start-up that hashes the bundled
files. CPython's own SHA-256 module (`_sha256` up to 3.11, `_sha2` from 3.12) loads at once but hashes
about seven times slower, so it takes inputs up to SMALL bytes and hashlib takes the rest. Both give
the same digest.
"""

from __future__ import annotations

from typing import Any

SMALL = 512 * 1024

try:
    from _sha256 import sha256 as _builtin  # CPython <= 3.11
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha2 import sha256 as _builtin  # CPython >= 3.12
    except ImportError:
        _builtin = None


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object over `data` (hashlib's interface: update, digest, hexdigest)."""
    if _builtin is not None and len(data) <= SMALL:
        return _builtin(data)
    import hashlib

    return hashlib.sha256(data)
