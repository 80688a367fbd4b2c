"""Replacing files so that a crash leaves them either as they were or as they should be.

One file is replaced by a rename, which is atomic. Several (a grouped change: an actor in
actors.csv and its row in triples.csv) are each written to a temporary file first; then a small
list of the renames to make, ``PENDING_NAME``, is written (atomically, itself): that is the
moment the change happens. The renames follow, and the list is removed. A crash before the list
is written leaves every file as it was (the temporary files are removed when curate starts
again); a crash after it is finished when curate starts again (``finish_pending``), so every
file is as it should be.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

TEMP_PREFIX = ".curate-tmp-"
PENDING_NAME = ".curate-pending.json"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder: flushed
    and fsynced, renamed over ``path``, and the folder fsynced so the rename itself is durable."""
    path = Path(path)
    temporary = _write_temporary(path, text)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def write_files_atomic(folder: Path, texts: Mapping[str, str]) -> None:
    """Replace the files of ``folder`` named in ``texts`` all at once, as far as a crash can
    tell: see the module docstring. Before the list of renames is written, an error leaves
    every file as it was; after it, the renames are finished, now or when curate starts again.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_files_atomic(folder, {"a.csv": "1\\n", "b.csv": "2\\n"})
    >>> sorted(p.name for p in folder.iterdir()), (folder / "b.csv").read_text()
    (['a.csv', 'b.csv'], '2\\n')
    """
    folder = Path(folder)
    if len(texts) == 1:
        [(name, text)] = texts.items()
        write_atomic(folder / name, text)
        return
    temporaries: dict[str, Path] = {}
    try:
        for name, text in texts.items():
            temporaries[name] = _write_temporary(folder / name, text)
        renames = {temporary.name: name for name, temporary in temporaries.items()}
        write_atomic(folder / PENDING_NAME, json.dumps({"renames": renames}))
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    finish_pending(folder)


def finish_pending(folder: Path) -> None:
    """Make the renames of a several-file change that a crash interrupted, then forget them.

    Only renames of our own temporary files onto plain file names in ``folder`` are made; a list
    that is not ours (or not whole: it is written atomically, so it never is) is removed unread.
    """
    folder = Path(folder)
    pending = folder / PENDING_NAME
    try:
        renames = json.loads(pending.read_text(encoding="utf-8"))["renames"]
        items = [
            (temporary, name)
            for temporary, name in renames.items()
            if _plain(temporary) and temporary.startswith(TEMP_PREFIX) and _plain(name)
        ]
    except FileNotFoundError:
        return
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        items = []
    for temporary, name in items:
        if (folder / temporary).exists():  # else renamed before the crash
            os.replace(folder / temporary, folder / name)
    fsync_folder(folder)
    pending.unlink(missing_ok=True)
    fsync_folder(folder)


def _plain(name) -> bool:
    """A file name with no folder in it: the renames stay inside the dataset's folder."""
    return isinstance(name, str) and name not in ("", ".", "..") and Path(name).name == name


def _write_temporary(path: Path, text: str) -> Path:
    """Write ``text`` to a new temporary file beside ``path``, flushed, fsynced, and with
    ``path``'s permissions; return its path."""
    descriptor, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(text.encode("utf-8", "surrogatepass"))
            file.flush()
            os.fsync(file.fileno())
        try:  # keep the file's permissions (mkstemp makes it private)
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a crash left behind in ``folder`` (only ours, by their prefix),
    once a several-file change the crash interrupted is finished (``finish_pending``)."""
    finish_pending(folder)
    for leftover in Path(folder).glob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)
