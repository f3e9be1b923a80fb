"""The package as a user gets it (#18 points 1-3): the standard build front end makes an
sdist and a wheel from a copy of the source; the wheel holds the package, its licence and
metadata and nothing else (no tests, benchmarks or sample data); installed into a fresh
virtual environment it runs `--version`, `completion bash` and `run` on the sample vault.

Kept to seconds and off the network: the build uses the backend of the test environment
(`--no-isolation`; `build` and `setuptools` are in the test extra), and the wheel goes
into a new venv with `--no-deps`, its dependencies taken from the test environment
through a .pth file naming the folders they are installed in. (A venv made with
`--system-site-packages` from a venv's Python sees the base interpreter's packages, not
the test environment's.) A path line in a .pth file adds the folder without running the
.pth files inside it, so the editable install of the source tree stays out of sight: the
test checks that `vaultgoals` is imported from the venv.
"""

from __future__ import annotations

import email
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, cli_env
from vaultgoals import __version__

pytestmark = pytest.mark.slow  # (a build and an install: seconds of real processes)

SOURCE_JUNK = shutil.ignore_patterns(
    ".git", ".venv", "*.egg-info", "build", "dist", "__pycache__", ".*_cache", ".hypothesis",
    ".vaultgoals", ".vaults")


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(wheel, sdist) built by `python -m build` from a copy of the source tree: as from a
    clean clone, and so that the build writes nothing into the repository. `build` makes
    the sdist first and the wheel from it, so the wheel also proves the sdist complete."""
    base = tmp_path_factory.mktemp("build")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=SOURCE_JUNK)
    out = base / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def test_the_wheel_holds_the_package_its_licence_and_metadata_only(
    dists: tuple[Path, Path],
) -> None:
    wheel, _ = dists
    assert wheel.name == f"vaultgoals-{__version__}-py3-none-any.whl"
    info = f"vaultgoals-{__version__}.dist-info/"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta = email.message_from_bytes(zf.read(info + "METADATA"))
        entry_points = zf.read(info + "entry_points.txt").decode()
    package = sorted(n for n in names if not n.startswith(info))
    source = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "vaultgoals").rglob("*")
                    if p.suffix == ".py" or p.name == "py.typed")
    assert package == source  # every module and py.typed; nothing from tests/, benchmarks/…
    assert sorted(n[len(info):] for n in names if n.startswith(info)) == [
        "METADATA", "RECORD", "WHEEL", "entry_points.txt", "licenses/LICENSE", "top_level.txt"]
    assert "vaultgoals = vaultgoals.__main__:main" in entry_points
    assert meta["Version"] == __version__ and meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.10"
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Documentation", "Issues", "Changelog"}
    classifiers = meta.get_all("Classifier") or []
    for minor in range(10, 14):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert any(c.startswith("Operating System :: ") for c in classifiers)


def test_the_sdist_holds_what_building_and_testing_need(dists: tuple[Path, Path]) -> None:
    _, sdist = dists
    top = f"vaultgoals-{__version__}/"
    with tarfile.open(sdist) as tf:
        names = {n[len(top):] for n in tf.getnames()}
    for needed in ("LICENSE", "CHANGELOG.md", "README.md", "SECURITY.md", "pyproject.toml",
                   "MANIFEST.in", "vaultgoals/py.typed", "vaultgoals/cli/main.py",
                   "tests/conftest.py", "sample_vault/Vision.md", "docs/completion.md",
                   "contrib/vaultgoals-watch@.service",
                   # the bundled test data's own licences
                   "tests/data/LICENSE-obsidian-tasks", "tests/data/vaults/lifeos/LICENSE",
                   "tests/data/vaults/tasks-demo/LICENSE"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("benchmarks/", ".venv", ".git"))
                or "__pycache__" in n or n.endswith(".pyc")]


def _site_dirs_of(wheel: Path) -> list[str]:
    """The folders the wheel's dependencies are installed in, in the test environment."""
    info = f"vaultgoals-{__version__}.dist-info/METADATA"
    with zipfile.ZipFile(wheel) as zf:
        meta = email.message_from_bytes(zf.read(info))
    dirs: list[str] = []
    for requirement in meta.get_all("Requires-Dist") or []:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert name is not None
        where = str(importlib.metadata.distribution(name.group()).locate_file(""))
        if where not in dirs:
            dirs.append(where)
    return dirs


def test_the_wheel_installs_into_a_fresh_venv_and_runs(
    dists: tuple[Path, Path], tmp_path: Path,
) -> None:
    wheel, _ = dists
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    scripts = Path(sysconfig.get_path("scripts", vars={"base": str(venv)}))
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "_test_environment.pth").write_text("\n".join(_site_dirs_of(wheel)) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--disable-pip-version-check", "-q", str(wheel)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    env = {k: v for k, v in cli_env().items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{scripts}{os.pathsep}{env.get('PATH', '')}"

    def run(*argv: str | Path) -> str:
        done = subprocess.run([str(a) for a in argv], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=300)
        assert done.returncode == 0, f"{argv}: exit {done.returncode}\n{done.stderr}"
        return done.stdout

    where = run(python, "-c", "import vaultgoals; print(vaultgoals.__file__)")
    assert Path(where.strip()).is_relative_to(Path(purelib))  # the wheel's, not the source's
    assert run("vaultgoals", "--version") == f"vaultgoals {__version__}\n"
    assert run(python, "-m", "vaultgoals", "--version") == f"vaultgoals {__version__}\n"
    script = tmp_path / "vaultgoals.bash"
    script.write_text(run("vaultgoals", "completion", "bash"))
    # bash loads the script and answers a TAB after `vaultgoals ru` by asking the installed
    # command, as it does at a prompt
    tab = run("bash", "-c", f'source "{script}"; COMP_LINE="vaultgoals ru"; COMP_POINT=13; '
              "COMP_WORDS=(vaultgoals ru); COMP_CWORD=1; "
              '_python_argcomplete vaultgoals ru vaultgoals; echo "${COMPREPLY[@]}"')
    assert tab.split() == ["run"]
    vault = tmp_path / "sample"
    shutil.copytree(SAMPLE, vault, ignore=shutil.ignore_patterns(".vaultgoals"))
    out = run("vaultgoals", "run", vault, "--today", "2026-11-20")
    review = vault / "Reviews" / "2026-W47.md"
    assert "vaultgoals:begin" in review.read_text(encoding="utf-8"), out
    assert list((vault / "Celebrations").glob("*.md"))
