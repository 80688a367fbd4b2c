"""Where things are and how the server is bound: one settings object, every path from one root."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return a top-level resource folder (``assets`` or ``seeds``).

    An installed wheel carries it inside the package; a checkout has it beside the package.
    """
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name


ASSETS_DIR = resource_dir("assets")
SEEDS_DIR = resource_dir("seeds")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


@dataclass(frozen=True)
class Settings:
    """What the app serves and where; built from CLI flags over ``DASHBOARD_*`` variables."""

    data: Path = SEEDS_DIR
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read DASHBOARD_DATA, DASHBOARD_HOST and DASHBOARD_PORT; raise ValueError if one is bad."""
        environ = os.environ if environ is None else environ
        port = environ.get("DASHBOARD_PORT", str(DEFAULT_PORT))
        return cls(
            data=Path(environ.get("DASHBOARD_DATA") or SEEDS_DIR),
            host=environ.get("DASHBOARD_HOST") or DEFAULT_HOST,
            port=parse_port(port, "DASHBOARD_PORT"),
        )


def parse_port(value: str, where: str = "port") -> int:
    """Return ``value`` as a TCP port number, or raise ValueError naming ``where``."""
    port = int(value) if re.fullmatch(r"[0-9]{1,5}", value.strip()) else -1
    if not 1 <= port <= 65535:
        raise ValueError(f"{where}: expected a port number from 1 to 65535, got {value!r}")
    return port
