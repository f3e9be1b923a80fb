"""Running as a service (#18 points 5-6): the unit files parse and carry their hardening,
launchd does not restart a usage error in a loop, journald priorities, log rotation."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import ROOT, cli_env, write_vault
from vaultgoals.cli.watchlog import make_logger, on_journal

UNIT = ROOT / "contrib" / "vaultgoals-watch@.service"
PLIST = ROOT / "contrib" / "com.vaultgoals.watch.plist"

# What the unit must say (key -> the values it must hold). The watcher reads and writes
# the vault, reads Python, uses inotify: none of these take that away.
HARDENING = {
    "NoNewPrivileges": {"yes"}, "ProtectSystem": {"strict"}, "ProtectHome": {"read-only"},
    "ReadWritePaths": {"-%f"}, "CacheDirectory": {"vaultgoals"}, "PrivateTmp": {"yes"},
    "PrivateDevices": {"yes"}, "PrivateNetwork": {"yes"},
    "RestrictAddressFamilies": {"AF_UNIX"}, "ProtectKernelTunables": {"yes"},
    "ProtectKernelModules": {"yes"}, "ProtectControlGroups": {"yes"},
    "RestrictNamespaces": {"yes"}, "RestrictSUIDSGID": {"yes"}, "LockPersonality": {"yes"},
    "SystemCallArchitectures": {"native"}, "SystemCallFilter": {"@system-service"},
    "CapabilityBoundingSet": {""},
    # restarts on failure only; never after a usage error; exit 3 (vault missing) retried
    "Restart": {"on-failure"}, "RestartPreventExitStatus": {"2"}, "RestartSec": {"30"},
}


def unit_keys(text: str) -> dict[str, list[str]]:
    """`Key=value` lines of a unit's [Service] section (keys may repeat)."""
    out: dict[str, list[str]] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
            continue
        if section == "[Service]":
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_the_systemd_unit_is_hardened_and_restarts_on_failure_only() -> None:
    keys = unit_keys(UNIT.read_text(encoding="utf-8"))
    for key, wanted in HARDENING.items():
        assert key in keys, key
        assert wanted <= set(keys[key]), (key, keys[key])
    assert keys["ExecStart"] == ['%h/.local/bin/vaultgoals watch "%f"']
    assert "3" not in " ".join(keys["RestartPreventExitStatus"]
                               + keys.get("SuccessExitStatus", []))
    assert "MemoryDenyWriteExecute" not in keys  # (ctypes callbacks: see the unit)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    """`systemd-analyze --user verify` on an instance for a vault path with a space, with
    ExecStart pointed at this vaultgoals (verify checks that it is executable)."""
    program = Path(sys.executable).parent / "vaultgoals"
    if not program.exists():
        program = Path(sys.executable)
    text = UNIT.read_text(encoding="utf-8").replace("%h/.local/bin/vaultgoals", str(program))
    (tmp_path / UNIT.name).write_text(text, encoding="utf-8")
    instance = subprocess.run(["systemd-escape", "--path", str(tmp_path / "My Vault")],
                              capture_output=True, text=True, check=True).stdout.strip()
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    unit = tmp_path / f"vaultgoals-watch@{instance}.service"
    proc = subprocess.run(["systemd-analyze", "--user", "verify", str(unit)],
                          capture_output=True, text=True,
                          env=dict(os.environ, XDG_RUNTIME_DIR=str(runtime)))
    assert proc.returncode == 0, proc.stderr
    assert "vaultgoals-watch@" not in proc.stderr, proc.stderr  # no warning about the unit


def test_the_launchd_agent_does_not_restart_a_clean_exit_or_a_usage_error() -> None:
    agent = plistlib.loads(PLIST.read_bytes())
    assert agent["Label"] == PLIST.stem
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["EnvironmentVariables"]["VAULTGOALS_USAGE_EXIT"] == "0"
    assert agent["ProgramArguments"][1] == "watch"


def test_a_usage_error_ends_with_the_code_the_service_asks_for(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "v", {".vaultgoals.yaml": "nonsense_key: 1\n"})
    # (without the variable: 2, as test_cli and the watcher's tests hold)
    proc = subprocess.run([sys.executable, "-m", "vaultgoals", "watch", str(root)],
                          capture_output=True, text=True, cwd=ROOT,
                          env=dict(cli_env(), VAULTGOALS_USAGE_EXIT="0"), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "unknown key 'nonsense_key'" in proc.stderr


def test_under_systemd_errors_carry_their_journald_priority(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With stderr the journal's stream (JOURNAL_STREAM names its device and inode), the
    line starts with `<3>` (error); elsewhere no prefix leaks."""
    err = tmp_path / "stderr"
    with open(err, "w", encoding="utf-8") as fh:
        st = os.fstat(fh.fileno())
        env = dict(cli_env(), JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
        code = subprocess.run([sys.executable, "-m", "vaultgoals", "watch",
                               str(tmp_path / "not mounted")], stderr=fh, cwd=ROOT, env=env,
                              timeout=60).returncode
    assert code == 3
    assert err.read_text(encoding="utf-8").startswith("<3>vaultgoals: vault ")
    # only that stream: another file, a pipe or a terminal gets no prefix
    with open(err, encoding="utf-8") as same, open(tmp_path / "other", "w") as other:
        monkeypatch.setenv("JOURNAL_STREAM", env["JOURNAL_STREAM"])
        assert on_journal(same) and not on_journal(other)


def test_the_watch_log_has_journald_priorities_on_the_journal_stream(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "stdout"
    with open(out, "w", encoding="utf-8") as fh:
        st = os.fstat(fh.fileno())
        monkeypatch.setenv("JOURNAL_STREAM", f"{st.st_dev}:{st.st_ino}")
        monkeypatch.setattr(sys, "stdout", fh)
        log, close = make_logger(Console(file=fh), None, quiet=False)
        log.info("updated Reviews/2026-W47.md")
        log.warning("Goals/Run.md:3: not a date")
        log.error("update failed\nTraceback (most recent call last):")
        close()
    assert out.read_text(encoding="utf-8").splitlines() == [
        "<6>updated Reviews/2026-W47.md", "<4>Goals/Run.md:3: not a date",
        "<3>update failed", "<3>Traceback (most recent call last):"]


def test_the_log_file_rotates_at_the_configured_size(tmp_path: Path) -> None:
    path = tmp_path / "watch.log"
    log, close = make_logger(Console(), str(path), quiet=False, max_bytes=2000, backups=2)
    for i in range(200):
        log.info("line %d of the watch log", i)
    close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["watch.log", "watch.log.1", "watch.log.2"]
    assert all(p.stat().st_size <= 2000 for p in tmp_path.iterdir())
    assert "line 199 " in path.read_text(encoding="utf-8")
