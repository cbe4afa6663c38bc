"""Puts the anthropic Python SDK (from a fetched source tree) and its dependencies on a path.

PyPI is not reachable here. Each dependency is taken, in this order, from: the interpreter itself
when it already has a version that satisfies the SDK's pyproject, Debian's python3-* packages
(/usr/lib/python3/dist-packages), or a wheel in a local directory. Where each came from is reported.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

DEBIAN = Path("/usr/lib/python3/dist-packages")
# import name -> distribution name, in install order; a module is set up only when `needed` says so.
MODULES = {
    "httpx": "httpx", "httpcore": "httpcore", "httpx2": "httpx2", "httpcore2": "httpcore2", "truststore": "truststore",
    "h11": "h11", "idna": "idna", "certifi": "certifi",
    "anyio": "anyio", "distro": "distro", "sniffio": "sniffio", "typing_extensions": "typing_extensions",
    "pydantic": "pydantic", "jiter": "jiter", "docstring_parser": "docstring_parser",
    # used by blocks that are not about the SDK itself
    "PIL": "pillow", "pypdf": "pypdf", "jsonschema": "jsonschema", "boto3": "boto3",
}
# what the HTTP libraries themselves require (httpx >= 0.25 for the 0.x SDK, httpx2 for 1.x)
FLOORS_EXTRA = {"httpx": {"httpcore": "1.0", "h11": "0.16", "idna": "0", "certifi": "0", "typing_extensions": "4.16"},
                "httpx2": {"httpcore2": "2.0", "h11": "0.16", "idna": "3.18", "truststore": "0.10", "anyio": "4.10",
                           "typing_extensions": "4.16"}}  # the last: what the anyio 4.15 wheel requires
OTHERS = {"pillow", "pypdf", "jsonschema", "boto3"}


def version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", v)[:3])


def sdk_floors(sdk_src: Path) -> dict[str, str]:
    """Minimum versions, keyed by distribution name, from the SDK's pyproject.toml (a source tree) or its
    dist-info METADATA (an unpacked wheel)."""
    pyproject = sdk_src.parent / "pyproject.toml"
    if pyproject.exists():
        specs = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    else:
        meta = next(sdk_src.glob("anthropic-*.dist-info/METADATA")).read_text()
        specs = [l.split(":", 1)[1] for l in meta.splitlines() if l.startswith("Requires-Dist:") and "extra ==" not in l]
    floors: dict[str, str] = {}
    for spec in specs:
        m = re.match(r"\s*([\w.-]+)\s*(?:<[\d.]+\s*,\s*)?(?:>=\s*([\d.]+))?", spec)
        if m:
            floors[m.group(1).replace("-", "_").lower()] = m.group(2) or "0"
    for http, extra in FLOORS_EXTRA.items():
        if http in floors:
            for k, v in extra.items():
                if version_tuple(v) > version_tuple(floors.get(k, "0")):
                    floors[k] = v
    return floors


def interpreter_version(python: str, module: str) -> str | None:
    code = f"import importlib.metadata as m, {module}\ntry: print(m.version({MODULES[module]!r}))\nexcept Exception: print(getattr({module}, '__version__', '0'))"
    r = subprocess.run([python, "-c", code], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def debian_version(dist: str) -> str | None:
    for info in DEBIAN.glob("*"):
        m = re.match(rf"^{re.escape(dist)}-([\d.]+)\.(dist|egg)-info$", info.name, re.I)
        if m:
            return m.group(1)
    return None


def wheel_for(wheels: Path, dist: str, floor: str) -> Path | None:
    found = []
    for w in wheels.glob("*.whl"):
        name, version = w.name.split("-")[:2]
        tag_ok = "cp311" in w.name or "py3-none" in w.name or "abi3" in w.name
        if name.lower() == dist.lower() and tag_ok and version_tuple(version) >= version_tuple(floor):
            found.append((version_tuple(version), w))
    return max(found)[1] if found else None


def prepare(python: str, sdk_src: Path, target: Path, wheels: Path) -> list[tuple[str, str]]:
    """Fills `target` with what the interpreter lacks; returns (module, source) rows for the report."""
    floors = sdk_floors(sdk_src)
    target.mkdir(parents=True, exist_ok=True)
    report = []
    for module, dist in MODULES.items():
        if dist not in floors and dist not in OTHERS:
            continue
        floor = floors.get(dist, "0")
        have = interpreter_version(python, module)
        if have and version_tuple(have) >= version_tuple(floor):
            report.append((module, f"interpreter {have}"))
            continue
        deb = debian_version(dist)
        if deb and version_tuple(deb) >= version_tuple(floor) and (DEBIAN / module).exists():
            (target / module).symlink_to(DEBIAN / module)
            report.append((module, f"Debian python3 package {deb}"))
            continue
        wheel = wheel_for(wheels, dist, floor)
        if wheel:
            zipfile.ZipFile(wheel).extractall(target)
            why = f" (Debian has {deb}, needs >= {floor})" if deb else ""
            report.append((module, f"local wheel {wheel.name}{why}"))
            continue
        report.append((module, f"MISSING (needs >= {floor})"))
    return report


def export_sdk(mirror: Path, target: Path, ref: str = "HEAD") -> tuple[Path, str]:
    """git archive of the mirror's ref (HEAD or a tag such as v0.121.0) into target; returns the src dir and the commit."""
    commit = subprocess.run(["git", f"--git-dir={mirror}", "rev-parse", f"{ref}^{{commit}}"], capture_output=True, text=True, check=True).stdout.strip()
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", f"--git-dir={mirror}", "archive", commit, "src", "pyproject.toml"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src", commit


if __name__ == "__main__":
    sys.exit("run scripts/check-python-blocks.py")
