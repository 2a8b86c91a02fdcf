"""Helpers for tests/test_report.py: a dataset with several ties, a PNG decoder, and headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import yaml

CHROMIUM = "/usr/bin/chromium"


def _obs(dimension: str, direction: str, level: int | None, since: str = "2020-01-01", **extra: Any) -> dict:
    out = {"dimension": dimension, "direction": direction, "level": level, "confidence": "high", "since": since,
           "claim": "test claim", "sources": ["src-a"]}
    out.update(extra)
    if level is None:
        out.setdefault("notes", "unknown on purpose")
    return out


def multi_dataset(mini_path: Path, folder: Path) -> Path:
    """mini.yaml plus three ties (China-Iran, China-Russia, North Korea-Russia), written to `folder`."""
    doc = yaml.safe_load(mini_path.read_text(encoding="utf-8"))
    doc["ties"] += [
        {"pair": ["CHN", "IRN"], "summary": "test", "observations": [
            _obs("formal_commitment", "mutual", 1),
            _obs("economic_ties", "mutual", 3),
            _obs("rhetoric", "mutual", 2),
            _obs("military_aid", "CHN->IRN", 1),
            _obs("military_aid", "IRN->CHN", 0)]},
        {"pair": ["RUS", "CHN"], "summary": "test", "observations": [
            _obs("formal_commitment", "mutual", 2),
            _obs("military_cooperation", "mutual", 3),
            _obs("rhetoric", "mutual", 4),
            _obs("diplomatic_support", "CHN->RUS", 3),
            _obs("diplomatic_support", "RUS->CHN", 3)]},
        {"pair": ["PRK", "RUS"], "summary": "test", "observations": [
            _obs("formal_commitment", "mutual", 4, since="2023-06-01"),
            _obs("military_aid", "PRK->RUS", 4, since="2023-06-01"),
            _obs("military_aid", "RUS->PRK", 2, since="2023-06-01"),
            _obs("rhetoric", "mutual", 4)]},
    ]
    path = folder / "multi.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --- PNG ----------------------------------------------------------------------------------------

def read_png(path: Path) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Width, height and RGB rows of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG {header}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up = previous[x]
            corner = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[x] = (line[x] + pred) & 0xFF
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])  # type: ignore[misc]
        previous = line
    return width, height, rows


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tolerance: int = 3) -> bool:
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour))


# --- Chromium -----------------------------------------------------------------------------------

def require_chromium() -> str:
    """The browser's path; a skip with the reason when it is missing, but a failure under CI."""
    import pytest

    if os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing under CI: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it and runs this test")
    raise AssertionError("unreachable")


def chromium(url: str, workdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on `url` with every host name unresolvable, so nothing can leave the machine."""
    profile = workdir / "profile"
    profile.mkdir(exist_ok=True)
    args = [require_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1200,1600", *extra, url]
    env = {**os.environ, "HOME": str(workdir)}
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, env=env, stdin=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)
    return done


def page_requests(netlog: Path) -> list[str]:
    """The URLs that the page itself asked for (the browser's own background requests left out)."""
    doc = json.loads(netlog.read_text(encoding="utf-8"))
    names = {v: k for k, v in doc["constants"]["logEventTypes"].items()}
    out = []
    for event in doc["events"]:
        params = event.get("params") or {}
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and "url" in params:
            if params.get("initiator") != "not an origin":
                out.append(params["url"])
    return out
