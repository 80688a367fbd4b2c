"""Kill a curate server with SIGKILL while it saves, and check that nothing acknowledged is lost.

    .venv/bin/python bench/curate_crash.py [--kills 50] [--seed 1] [--max-delay 1.0]

Each round starts the real ``python -m dashboard curate`` on a copy of the seed, on a free port,
and sends saves through its JSON API one after another (an alias added to an actor or removed
again, or a triple's note rewritten: one file or the other; or a group of two edits in two files
at once, as accepting a relation makes: a new actor and a row of it, or both deleted again),
while a timer kills the server with SIGKILL after a random delay (seeded). After each kill it
checks, with the loader and no curate code: the dataset validates; every save the server
acknowledged is in the files; nothing else is, except the one save that was in flight when the
server died (written or not, both are right); and no group is there by half (an actor without
its row). It checks once the next round's server has started, since curate finishes, when it
opens the folder, a group whose renames the kill interrupted; that server must also find its
undo journal consistent with the files. It prints kills, saves, kills with a save unanswered, and losses (which must be zero).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DATASET = ROOT / "seeds" / "iran-russia-treaty"
ACTORS = ("iran", "russia", "china", "ukraine", "brics", "united-states")
MAX_CRASH_ALIASES = 50  # per actor, then they are removed again (the loader allows 200)
MAX_CRASH_ACTORS = 4  # added by groups, then removed again by groups
GROUP_SHARE = 0.3  # of the saves


def run(kills: int = 50, seed: int = 1, max_delay: float = 1.0, log=print) -> dict:
    """Run ``kills`` rounds; return the figures (kills, saves, in_flight, losses, problems)."""
    sys.path.insert(0, str(ROOT))
    from dashboard.dataset import DatasetError, load_dataset  # the oracle: the plain loader

    rng = random.Random(seed)
    figures = {"kills": 0, "saves": 0, "group_saves": 0, "in_flight": 0, "losses": 0,
               "problems": [], "journal_notices": 0, "seconds": 0.0}  # fmt: skip
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="curate-crash-") as workdir:
        folder = Path(shutil.copytree(SEED_DATASET, Path(workdir) / "dataset"))
        notes: dict[int, str] = {}  # triple row -> the last acknowledged note
        aliases: dict[str, set[str]] = {actor: set() for actor in ACTORS}
        crash_actors: set[str] = set()  # added by a group, with a row of theirs
        counter = 0
        original_notes = [row["note"] for row in _triples(folder)]
        model_row = _triples(folder)[0]  # the crash actors' rows copy its relation and quote
        server, port, token = _start(folder)
        for round_number in range(kills):
            try:
                state = _call(port, token, "GET", "state")
                if state["notice"]:
                    figures["journal_notices"] += 1
                    figures["problems"].append(f"round {round_number}: {state['notice']}")
                version = state["version"]
                triples = _triples(folder)
                timer = threading.Timer(rng.uniform(0.0, max_delay), server.send_signal,
                                        [signal.SIGKILL])  # fmt: skip
                timer.start()
                in_flight = None
                while True:
                    counter += 1
                    if rng.random() < GROUP_SHARE:
                        if len(crash_actors) < MAX_CRASH_ACTORS:
                            actor_id = f"crash-actor-{counter}"
                            kinds = ("add_actor", "add_triple")
                        else:
                            actor_id = sorted(crash_actors)[0]
                            kinds = ("delete_triple", "delete_actor")
                        edit = _group(actor_id, model_row, kinds)
                        in_flight = ("group", actor_id)
                    elif rng.random() < 0.5:
                        actor = rng.choice(ACTORS)
                        if len(aliases[actor]) < MAX_CRASH_ALIASES:
                            alias = f"Crash alias {counter}"
                            edit = {"kind": "add_alias", "actor_id": actor, "alias": alias}
                        else:  # stay under the loader's limit of aliases per actor
                            alias = sorted(aliases[actor])[0]
                            edit = {"kind": "remove_alias", "actor_id": actor, "alias": alias}
                        in_flight = ("alias", actor, alias)
                    else:
                        row = rng.randrange(len(original_notes))
                        old = triples[row]
                        note = f'crash save {counter}, with a comma and a "quote"'
                        edit = {"kind": "edit_triple", "old": old, "new": {**old, "note": note}}
                        in_flight = ("note", row, note)
                    try:
                        answer = _call(port, token, "POST", "edit",
                                       {"version": version, "edit": edit})  # fmt: skip
                    except (OSError, http.client.HTTPException):
                        break  # the server died: this save is in flight, answered or not
                    version = answer["version"]
                    figures["saves"] += 1
                    figures["group_saves"] += in_flight[0] == "group"
                    if in_flight[0] == "alias":
                        aliases[in_flight[1]] ^= {in_flight[2]}  # added, or removed
                    elif in_flight[0] == "group":
                        crash_actors ^= {in_flight[1]}
                    else:
                        notes[in_flight[1]] = in_flight[2]
                        triples[in_flight[1]] = {**triples[in_flight[1]], "note": in_flight[2]}
                    in_flight = None
                timer.join()
            finally:
                server.kill()
                server.wait()
                server.stdout.close()  # it prints a few lines only: the pipe never fills
            figures["kills"] += 1
            figures["in_flight"] += in_flight is not None
            # The next server starts before the check: a group of files past its commit point
            # when the server died is finished when curate opens the folder again.
            server, port, token = _start(folder)
            # The check: the loader alone, on the files as curate found them on starting again.
            try:
                dataset = load_dataset(folder)
            except DatasetError as error:
                figures["problems"].append(f"round {round_number}: invalid: {error}")
                figures["losses"] += 1
                continue
            for actor, expected in aliases.items():
                on_disk = {a for a in dataset.actors.loc[actor, "aliases"] if a.startswith("Crash")}
                flying = in_flight[2] if in_flight and in_flight[:2] == ("alias", actor) else None
                aliases[actor], lost = _reconcile(expected, on_disk, flying)
                if lost:
                    figures["losses"] += len(lost)
                    figures["problems"].append(
                        f"round {round_number}: {actor}: expected aliases {sorted(expected)}, "
                        f"found {sorted(on_disk)}"
                    )
            actors_on_disk = {a for a in dataset.actors.index if a.startswith("crash-actor-")}
            crash_rows = dataset.triples["source"].str.startswith("crash-actor-")
            rows_on_disk = set(dataset.triples.loc[crash_rows, "source"])
            if actors_on_disk != rows_on_disk:  # half a group
                figures["losses"] += 1
                figures["problems"].append(
                    f"round {round_number}: crash actors {sorted(actors_on_disk)} but rows of "
                    f"{sorted(rows_on_disk)}: a group was written by half"
                )
                break  # the files hold what no save made: later rounds would only repeat it
            flying = in_flight[1] if in_flight and in_flight[0] == "group" else None
            expected = crash_actors
            crash_actors, lost = _reconcile(expected, actors_on_disk, flying)
            if lost:
                figures["losses"] += len(lost)
                figures["problems"].append(
                    f"round {round_number}: expected crash actors {sorted(expected)}, "
                    f"found {sorted(actors_on_disk)}"
                )
            on_disk = dataset.triples.loc[~crash_rows, "note"].tolist()
            flying = in_flight[1:] if in_flight and in_flight[0] == "note" else (None, None)
            if len(on_disk) != len(original_notes):
                figures["losses"] += 1
                figures["problems"].append(f"round {round_number}: {len(on_disk)} triples")
                continue
            for row, original in enumerate(original_notes):
                expected = notes.get(row, original)
                if on_disk[row] == expected:
                    continue
                if row == flying[0] and on_disk[row] == flying[1]:
                    notes[row] = flying[1]  # it was written: later rounds expect it
                    continue
                figures["losses"] += 1
                figures["problems"].append(
                    f"round {round_number}: triple {row}: {on_disk[row]!r}, expected {expected!r}"
                )
            log(f"round {round_number + 1}/{kills}: {figures['saves']} saves acknowledged so far, "
                f"{figures['losses']} lost")  # fmt: skip
        server.kill()
        server.wait()
        server.stdout.close()
    figures["seconds"] = round(time.perf_counter() - started, 1)
    return figures


def _reconcile(expected: set, on_disk: set, flying) -> tuple[set, set]:
    """What later rounds expect, and what was lost: the files may differ from what the server
    acknowledged only by ``flying``, the save in flight when it died (written or not)."""
    differ = expected ^ on_disk
    if flying is not None and differ == {flying}:
        return on_disk, set()
    return expected, differ


def _group(actor_id: str, model_row: dict, kinds: tuple[str, str]) -> dict:
    """A group of two edits in two files: a crash actor and its row, added or deleted."""
    number = actor_id.rsplit("-", 1)[-1]
    actor = {"id": actor_id, "name": f"Crash actor {number}", "kind": "person", "aliases": [],
             "description": ""}  # fmt: skip
    triple = {**model_row, "source": actor_id, "certainty": "stated", "note": ""}
    parts = {"add_actor": {"kind": "add_actor", "actor": actor},
             "add_triple": {"kind": "add_triple", "triple": triple},
             "delete_triple": {"kind": "delete_triple", "triple": triple},
             "delete_actor": {"kind": "delete_actor", "actor": actor}}  # fmt: skip
    return {"kind": "group", "edits": [parts[kind] for kind in kinds],
            "summary": f"{kinds[0]} {actor_id}"}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(folder: Path) -> tuple[subprocess.Popen, int, str]:
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "curate", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=environment,
    )  # fmt: skip
    token = None
    for line in server.stdout:
        if "?token=" in line:
            token = line.strip().split("?token=")[1]
            break
    if token is None:
        server.kill()
        server.wait()
        server.stdout.close()
        raise RuntimeError("curate did not print its address")
    for _ in range(200):
        try:
            _call(port, token, "GET", "state")
            return server, port, token
        except OSError:
            time.sleep(0.05)
    server.kill()
    server.wait()
    server.stdout.close()
    raise RuntimeError("curate never answered")


def _call(port: int, token: str, method: str, name: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/curate/api/{name}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{name}: {error.code} {error.read()[:300]!r}") from None


def _triples(folder: Path) -> list[dict]:
    import csv

    with (folder / "triples.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=50, help="rounds, each ended by a SIGKILL")
    parser.add_argument("--seed", type=int, default=1, help="seeds the delays and the edits")
    parser.add_argument("--max-delay", type=float, default=1.0,
                        help="longest time a server lives, in seconds (default: 1.0)")  # fmt: skip
    args = parser.parse_args()
    figures = run(args.kills, args.seed, args.max_delay)
    problems = figures.pop("problems")
    for problem in problems:
        print(problem)
    print(json.dumps(figures))
    raise SystemExit(1 if figures["losses"] or problems else 0)


if __name__ == "__main__":
    main()
