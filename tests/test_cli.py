"""Tests for dashboard.cli: exit codes and output of validate, coverage and the settings checks."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.settings import PACKAGE_DIR, SEEDS_DIR
from tests.conftest import ENVIRONMENT

SEED = SEEDS_DIR / "iran-russia-treaty"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Call the command line in-process; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def break_first_triple(folder: Path) -> Path:
    """Misspell the source of the first triple; return the path of triples.csv."""
    path = folder / "triples.csv"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("iran,")
    path.write_text(text.replace("\niran,", "\nirna,", 1), encoding="utf-8")
    return path


def add_unused_actor(folder: Path) -> None:
    with (folder / "actors.csv").open("a", encoding="utf-8") as file:
        file.write("iraq,Iraq,state,,Not in the article.\n")


# validate


def test_cli001_validate_seed(capsys):
    status, out, err = run(capsys, "validate", str(SEED))
    assert status == 0
    assert re.match(rf"ok {re.escape(str(SEED))}: \d+ actors, \d+ relation types, \d+ triples", out)
    assert "of 51 sentences cited" in out
    assert "1 dataset valid" in out
    assert err == ""


def test_cli002_validate_folder_of_datasets(capsys):
    status, out, _ = run(capsys, "validate", str(SEEDS_DIR))
    assert status == 0
    assert f"ok {SEED}:" in out


def test_cli003_validate_defaults_to_dashboard_data(capsys, monkeypatch, seed_copy):
    monkeypatch.setenv("DASHBOARD_DATA", str(seed_copy))
    status, out, _ = run(capsys, "validate")
    assert status == 0
    assert out.startswith(f"ok {seed_copy}:")


def test_cli004_validate_broken_copy(capsys, seed_copy):
    triples = break_first_triple(seed_copy)
    status, out, err = run(capsys, "validate", str(seed_copy))
    assert status == 1
    assert out == ""
    assert f"{triples}:2: column 'source': unknown actor 'irna' (did you mean 'iran'?)" in err
    assert err.endswith(f"1 problem in {seed_copy}\n")


def test_cli005_validate_missing_folder(capsys, tmp_path):
    missing = tmp_path / "nowhere"
    status, _, err = run(capsys, "validate", str(missing))
    assert status == 1
    assert f"{missing}: does not exist; expected a dataset folder" in err


def test_cli006_validate_folder_without_datasets(capsys, tmp_path):
    status, _, err = run(capsys, "validate", str(tmp_path))
    assert status == 1
    assert "no dataset here" in err


def test_cli007_validate_missing_article(capsys, seed_copy):
    (seed_copy / "article.txt").unlink()
    status, _, err = run(capsys, "validate", str(seed_copy))
    assert status == 1
    assert f"{seed_copy / 'article.txt'}: file not found" in err


def test_cli008_validate_dataset_files_stand_for_their_folders(capsys, seed_copy):
    # pre-commit passes the staged files; each dataset is checked once, whichever files changed.
    files = [seed_copy / "triples.csv", seed_copy / "actors.csv", SEED / "article.txt"]
    status, out, err = run(capsys, "validate", *map(str, files))
    assert status == 0, err
    assert out.count(f"ok {seed_copy}:") == 1
    assert out.count(f"ok {SEED}:") == 1
    assert "2 datasets valid" in out


def test_cli009_validate_several_paths_reports_the_broken_one(capsys, seed_copy):
    triples = break_first_triple(seed_copy)
    status, out, err = run(capsys, "validate", str(SEED), str(triples))
    assert status == 1
    assert f"ok {SEED}:" in out
    assert f"{triples}:2: column 'source': unknown actor 'irna'" in err
    assert err.endswith(f"1 problem in {SEED}, {seed_copy}\n")


# coverage


def test_cli010_coverage_seed_is_silent(capsys):
    status, out, _ = run(capsys, "coverage", str(SEED))
    assert status == 0
    assert out == ""


def test_cli011_coverage_explained(capsys):
    status, out, _ = run(capsys, "coverage", "--explained", str(SEED))
    assert status == 0
    assert out.startswith(
        f"{SEED}: sentence 35 names Association of Southeast Asian Nations and African Union, but "
    )
    assert "\n    explained: " in out


def test_cli012_coverage_unexplained(capsys, seed_copy):
    add_unused_actor(seed_copy)
    status, out, _ = run(capsys, "coverage", str(seed_copy))
    assert status == 1
    assert out == f"{seed_copy}: Iraq (actor 'iraq') is in actors.csv, but no triple uses it\n"


def test_cli013_coverage_of_broken_copy(capsys, seed_copy):
    triples = break_first_triple(seed_copy)
    status, out, err = run(capsys, "coverage", str(seed_copy))
    assert status == 1
    assert out == ""
    assert f"{triples}:2: column 'source'" in err
    assert "fix the problems above first" in err


# help, usage and settings


@pytest.mark.parametrize("command", ["validate", "coverage", "run"])
def test_cli020_subcommand_help(capsys, command):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: dashboard {command} ")
    assert "DASHBOARD_DATA" in out


def test_cli021_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert all(command in out for command in ("validate", "coverage", "run"))


def test_cli022_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "usage: dashboard" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1"])
def test_cli023_bad_port_variable(capsys, monkeypatch, value):
    monkeypatch.setenv("DASHBOARD_PORT", value)
    status, out, err = run(capsys, "validate", str(SEED))
    assert status == 2
    assert out == ""
    assert err == (
        f"dashboard: DASHBOARD_PORT: expected a port number from 1 to 65535, got {value!r}\n"
    )


def test_cli024_bad_port_flag_says_what_is_expected(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["run", "--port", "0", str(SEED)])
    assert exited.value.code == 2
    assert "expected a port number from 1 to 65535" in capsys.readouterr().err


def test_cli030_module_entry_point():
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(SEED)],
        cwd=PACKAGE_DIR.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"ok {SEED}:")
    assert "Traceback" not in done.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_cli032_run_serves_and_stops_cleanly(stop):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "run", str(SEED), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout.readline().startswith(
            f"Serving iran-russia-treaty at http://127.0.0.1:{port}/"
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert page.status == 200
                    assert b"_dash-config" in page.read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server never answered")
        server.send_signal(stop)
        out, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert server.returncode == 0
    assert "Stopped." in out
    assert "Traceback" not in err


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_cli040_run_starts_quietly_and_logs_requests_only_when_verbose(verbose):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "run", str(SEED), "--port", str(port)]
        + (["--verbose"] if verbose else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert (
            server.stdout.readline() == f"Serving iran-russia-treaty at http://127.0.0.1:{port}/\n"
        )
        assert "press Ctrl-C to stop" in server.stdout.readline()
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as page:
                    assert page.status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server never answered")
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert server.returncode == 0
    assert "development server" not in out + err  # Flask's red warning
    assert "Dash is running" not in out + err
    assert ("GET /health" in err) is verbose


def test_cli031_run_refuses_a_bad_dataset_before_serving(capsys, seed_copy):
    actors = seed_copy / "actors.csv"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("iran,Iran,state", "iran,Iran,country")
    )
    assert main(["run", str(seed_copy), "--port", str(_free_port())]) == 1
    out, err = capsys.readouterr()
    assert "Serving" not in out
    assert f"{actors}:2: column 'kind': 'country' is not allowed" in err
    assert "the dashboard was not started" in err


def test_cli033_run_on_a_port_already_in_use_says_so_before_the_banner(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, out, err = run(capsys, "run", str(SEED), "--port", str(port))
    assert status == 1
    assert out == ""  # no "Serving ..." banner for a server that cannot start
    assert err == f"dashboard: cannot serve on 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.parametrize("fmt", ["csv", "graphml"])
def test_cli034_export_to_a_closed_pipe_stops_quietly(fmt):
    """`dashboard export ... | head -c0`: the reader has gone before anything is written."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "export", str(SEED), "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    writer.stdout.close()  # long before the command has imported anything, let alone written
    with writer.stderr:
        err = writer.stderr.read().decode()
    writer.wait(timeout=60)
    assert writer.returncode == 1
    assert err == ""  # no traceback, no "Exception ignored ... BrokenPipeError"


def test_cli035_a_file_the_system_refuses_to_read_is_named(capsys, seed_copy):
    """A file that exists but cannot be read. Permissions do not stop root (these tests may run
    as root), so the file is a link to /proc/self/mem: a regular file whose read fails with EIO."""
    triples = seed_copy / "triples.csv"
    triples.unlink()
    triples.symlink_to("/proc/self/mem")
    status, _out, err = run(capsys, "validate", str(seed_copy))
    assert status == 1
    assert err.splitlines()[0] == f"{triples}: cannot be read: Input/output error"
    assert err.splitlines()[-1] == f"1 problem in {seed_copy}"
