"""Writing files so that a reader sees the old version or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are ordinary readable files
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def user_cache_dir(name: str) -> Path:
    """A folder of the user's cache (``$KZBRIEF_CACHE_DIR/<name>``, by default
    ``$XDG_CACHE_HOME/kzbrief/<name>``) for files derived from what is installed rather than
    from a project, so every project shares them. It may be unwritable: callers treat it as an
    optimisation only."""
    if os.environ.get("KZBRIEF_CACHE_DIR"):
        return Path(os.environ["KZBRIEF_CACHE_DIR"]) / name
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home folder: never a cache relative to where we happen to run
        base = os.path.join(tempfile.gettempdir(), f"kzbrief-cache-{os.getuid()}")
    return Path(base) / "kzbrief" / name
