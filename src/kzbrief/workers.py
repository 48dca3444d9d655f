"""How many workers a build starts by default: the cores, as far as memory allows.

A worker renders one output at a time (an edition in one language and one format), so more
workers than cores only queue, and each holds its whole document in memory while WeasyPrint
lays it out: measured peaks (README, Benchmarks) run from ~300 MB for a monthly edition to
~510 MB for a 101-page one, about 2.5 MB a page beyond ~250 MB. On a machine with many cores
and little memory, the core count alone would swap or be killed; so the default is capped by
the memory available now.
"""

from __future__ import annotations

import contextlib
import os

#: Memory set aside for each worker: the peak measured for a 101-page edition (509 MB,
#: ``benchmarks/corpus.py --copies 12``, English PDF, 4 December 2026), with a quarter more.
WORKER_MEMORY = 640 * 2**20


def cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory new processes can use (Linux's MemAvailable; else free pages), or None."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def default_jobs() -> int:
    """One worker per core, no more than the available memory holds, and at least one."""
    memory = available_memory()
    by_memory = cores() if memory is None else memory // WORKER_MEMORY
    return max(1, min(cores(), by_memory))
