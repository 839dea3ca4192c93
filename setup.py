"""Build hooks for sitrep: bundle the offline world outlines before packaging.

The web UI draws its map from Natural Earth country outlines (public domain)
as packaged by the npm package ``world-atlas`` (ISC licence), pinned in
``web/package-lock.json``. Those outlines are build output, not source, so
they are not kept in git: before the package is built we make sure
``src/sitrep/web/static/gen/countries-110m.json`` exists, running
``npm ci`` once to fetch it when it does not.

All project metadata stays in pyproject.toml; this file only swaps in the
commands below. They cover ``pip install .`` (build_py inside bdist_wheel),
``pip install -e .`` (editable_wheel, which runs a customised build_py only
"safely", turning its errors into a warning, so it is hooked itself) and
``python -m build`` (sdist, so the wheel built from the sdist finds the data
already there).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.editable_wheel import editable_wheel
from setuptools.command.sdist import sdist
from setuptools.errors import ExecError

PROJECT_DIR = Path(__file__).resolve().parent
WEB_DIR = PROJECT_DIR / "web"
ATLAS_DIR = WEB_DIR / "node_modules" / "world-atlas"
GENERATED_DIR = PROJECT_DIR / "src" / "sitrep" / "web" / "static" / "gen"
GENERATED_PACKAGE = "sitrep.web.static.gen"
OUTLINES_FILE_NAME = "countries-110m.json"
# Named after its package so nobody takes it for sitrep's own licence.
ATLAS_LICENSE_COPY_NAME = "world-atlas-LICENSE"

NPM_CI_ARGS = ["ci", "--prefix", str(WEB_DIR), "--ignore-scripts", "--no-audit", "--no-fund"]
HOW_TO_FIX = (
    "sitrep's web UI needs the world outlines from the npm package world-atlas. "
    "Install Node.js with npm (any npm that reads lockfile v3, e.g. npm 9+) and build again, "
    f"or run `npm ci --prefix web --ignore-scripts --no-audit --no-fund` in {PROJECT_DIR} and copy "
    f"web/node_modules/world-atlas/{OUTLINES_FILE_NAME} and its LICENSE (renamed {ATLAS_LICENSE_COPY_NAME}) "
    "into src/sitrep/web/static/gen/ yourself."
)


def generated_assets_present() -> bool:
    """Tell whether both bundled files (outlines and their licence) are already in gen/."""
    return (GENERATED_DIR / OUTLINES_FILE_NAME).is_file() and (
        GENERATED_DIR / ATLAS_LICENSE_COPY_NAME
    ).is_file()


def run_npm_ci() -> None:
    """Install web/'s locked npm dependencies, raising ExecError that names npm on any failure."""
    if not (WEB_DIR / "package-lock.json").is_file():
        raise ExecError(
            f"cannot build the web assets: {WEB_DIR / 'package-lock.json'} is missing "
            f"(building from an sdist made without them?). {HOW_TO_FIX}"
        )
    npm_path = shutil.which("npm")
    if npm_path is None:
        raise ExecError(f"npm was not found on PATH. {HOW_TO_FIX}")
    try:
        subprocess.run([npm_path, *NPM_CI_ARGS], cwd=PROJECT_DIR, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise ExecError(f"`npm {' '.join(NPM_CI_ARGS)}` failed ({error}). {HOW_TO_FIX}") from error


def copy_atlas_files() -> None:
    """Copy the outlines and world-atlas's LICENSE from node_modules into gen/.

    The outlines go in last, through a temporary name, so that a build cut short
    never leaves a half-written file that the next build would take as done.
    """
    source_outlines = ATLAS_DIR / OUTLINES_FILE_NAME
    source_license = ATLAS_DIR / "LICENSE"
    for source in (source_outlines, source_license):
        if not source.is_file():
            raise ExecError(f"npm ci finished but {source} is missing. {HOW_TO_FIX}")
    GENERATED_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source_license, GENERATED_DIR / ATLAS_LICENSE_COPY_NAME)
    partial_outlines = GENERATED_DIR / (OUTLINES_FILE_NAME + ".partial")
    shutil.copyfile(source_outlines, partial_outlines)
    partial_outlines.replace(GENERATED_DIR / OUTLINES_FILE_NAME)


def ensure_web_assets() -> None:
    """Make sure gen/ holds the world outlines, fetching them with npm ci when it does not."""
    if generated_assets_present():
        return
    run_npm_ci()
    copy_atlas_files()


class BuildPyWithWebAssets(build_py):
    """build_py that first makes sure the generated web assets exist."""

    def run(self) -> None:
        ensure_web_assets()
        # Package discovery ran before gen/ existed on a first build; name gen/ as the
        # (namespace) package that later builds discover, so setuptools does not warn
        # "Package would be ignored", and list the data files again now that it is filled.
        if self.packages and GENERATED_PACKAGE not in self.packages:
            self.packages = [*self.packages, GENERATED_PACKAGE]
        self.__dict__.pop("data_files", None)
        super().run()


class EditableWheelWithWebAssets(editable_wheel):
    """editable_wheel that makes the web assets itself, so a failure stops the install.

    (editable_wheel runs a custom build_py but reports its errors only as a warning.)
    """

    def run(self) -> None:
        ensure_web_assets()
        super().run()


class SdistWithWebAssets(sdist):
    """sdist that ships the generated web assets, since web/ itself is not in the sdist."""

    def run(self) -> None:
        ensure_web_assets()
        super().run()


setup(
    cmdclass={
        "build_py": BuildPyWithWebAssets,
        "editable_wheel": EditableWheelWithWebAssets,
        "sdist": SdistWithWebAssets,
    }
)
