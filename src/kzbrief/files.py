"""Writing files so that a reader sees the old version or the new one, never half of either."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

from .errors import UsageError


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
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:  # a full disk names the file
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
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


# ---------------------------------------------------------------- reading, bounded and confined
#: No content file, source text or article is anywhere near this; a bigger one is a mistake
#: (or /dev/zero behind a symlink) and is refused before it can eat the memory.
MAX_READ_BYTES = 8 * 1024 * 1024


class FileRefused(Exception):
    """A file the tool will not read; ``reason`` completes a sentence about the file."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Opened without blocking and checked on the open descriptor, so a named pipe or a device
    is refused instead of hanging the tool, and a swap between check and read is impossible.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise FileRefused(f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(f"is {_kind(mode)}, not a file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"is larger than {limit // (1024 * 1024)} MB")
    return data


def confined(path: Path, root: Path) -> Path:
    """``path`` with symlinks resolved, if it lies inside ``root``; refused otherwise."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise FileRefused(f"leads outside {root} (to {resolved})")
    return resolved


def read_confined(path: Path, root: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """Read a project file: inside ``root`` once symlinks are followed, regular, bounded."""
    return read_regular(confined(path, root), limit)


def read_article(path: Path, limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of a file the user names to add to (or update in) the library.

    It may live anywhere the user can read — articles are saved to Downloads, not into the
    project, and naming a file is the user's own act, like ``cp`` — but it must be a regular
    file of sane size: a pipe, a device or a folder is refused with one line rather than
    copied or waited on. Every way into the library (``sources add`` for text, HTML, PDF and
    DOCX through ``extract``, ``sources update``) reads through this, so all follow one rule.
    """
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except FileRefused as exc:
        raise UsageError(f"{path}: {exc.reason}") from None


# ---------------------------------------------------------------- cache entries verified before use
def manifest_path(first: Path) -> Path:
    """The manifest of a cache entry, named after its first file: ``x.svg`` → ``x.svg.sha256``
    (so the SVG and the PNG of one chart, drawn by different jobs, have one manifest each)."""
    return first.with_name(first.name + ".sha256")


def write_cache_entry(files: dict[Path, bytes]) -> None:
    """Write the files of one cache entry, then a manifest of their hashes (last, so a kill
    halfway leaves an entry without manifest: not trusted, redrawn)."""
    for path, data in files.items():
        write_atomic(path, data)
    listing = {path.name: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    write_atomic(manifest_path(next(iter(files))), json.dumps(listing, sort_keys=True).encode("utf-8"))


def cache_entry_intact(manifest: Path) -> bool:
    """Do the files a manifest lists exist with the hashes it records? A damaged, truncated or
    edited cache file is never used: its entry is drawn again."""
    try:
        listing = json.loads(read_regular(manifest, 64 * 1024).decode("utf-8"))
        if not isinstance(listing, dict) or not listing:
            return False
        return all(isinstance(digest, str) and
                   hashlib.sha256(read_regular(manifest.parent / name)).hexdigest() == digest
                   for name, digest in listing.items() if isinstance(name, str) and "/" not in name)
    except (OSError, FileRefused, ValueError):
        return False


def damaged_cache_files(cache: Path) -> list[Path]:
    """Files of a cache folder no intact manifest vouches for (damaged, or left by a kill)."""
    vouched: set[str] = set()
    for manifest in cache.glob("*.sha256"):
        if cache_entry_intact(manifest):
            vouched.add(manifest.name)
            vouched.update(json.loads(manifest.read_text(encoding="utf-8")))
    return sorted(p for p in cache.iterdir() if p.is_file() and p.name not in vouched)
