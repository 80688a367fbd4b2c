"""Replacing a file so that a crash leaves it either as it was or as it should be."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".curate-tmp-"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder: flushed
    and fsynced, renamed over ``path``, and the folder fsynced so the rename itself is durable."""
    path = Path(path)
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
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


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
    """Delete temporary files a crash left behind in ``folder`` (only ours, by their prefix)."""
    for leftover in Path(folder).glob(f"{TEMP_PREFIX}*"):
        leftover.unlink(missing_ok=True)
