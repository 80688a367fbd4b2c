"""The crash test: the real curate server, killed with SIGKILL while it saves (single edits and
groups of edits in two files), loses nothing it acknowledged and leaves no group by half. A longer run: `.venv/bin/python bench/curate_crash.py --kills 200`."""

from __future__ import annotations

from tests.conftest import load_bench

KILLS = 10  # about 25 s here; each round starts a server


def test_crash001_sigkill_during_saves_loses_no_acknowledged_save():
    figures = load_bench("curate_crash").run(kills=KILLS, seed=7, max_delay=1.0, log=lambda _: None)
    print(figures)  # shown with pytest -s: kills, saves, losses
    assert figures["problems"] == []
    assert figures["losses"] == 0
    assert figures["kills"] == KILLS
    assert figures["saves"] >= KILLS // 2  # the server was saving when it was killed
    assert figures["group_saves"] >= KILLS // 2  # groups of two files among them
    assert figures["in_flight"] >= KILLS // 2
    assert figures["journal_notices"] == 0  # each restart found its undo journal consistent
