"""Where build workers come from: for a build sure to render everything, a fork server that
has already imported the renderers.

Forked straight from the main process, each worker imported WeasyPrint, python-docx and
matplotlib itself once the content was loaded (~1.1 CPU s each, on the critical path). When a
build knows before loading anything that it will render in a pool (forced, or nothing built
yet), a fork server (``multiprocessing``'s ``forkserver``) is started at once and preloads them
(``kzbrief.preload``): the import runs once, beside the content's loading. Other builds (a
rebuild after a change, whose charts may all be cached and need no matplotlib) fork their
workers from the main process as before; so does a platform without a fork server.

A worker forked from the server does not inherit the main process's state as a plain fork
would: the working directory, the environment and the import path are handed to it
(``Inherited``), so a build behaves the same whichever way its workers were made.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import sys
import threading
import time
from dataclasses import dataclass

PRELOAD = "kzbrief.preload"


def has_fork_server() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def context(preloaded: bool):
    """The multiprocessing context a build pool uses: the preloaded fork server if asked and
    available, else the platform's default."""
    if not (preloaded and has_fork_server()):
        return multiprocessing.get_context()
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([PRELOAD])
    return ctx


def prestart() -> bool:
    """Start the fork server now (it loads the renderers in its own process, in the background),
    if it does not run already; False where the platform has none or it could not be started
    (the build then forks its workers from the main process)."""
    if not has_fork_server():
        return False
    context(preloaded=True)
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Inherited:
    """What a forked worker would share with the main process at the pool's start."""

    cwd: str
    environ: dict[str, str]
    path: list[str]

    @classmethod
    def now(cls) -> Inherited:
        return cls(os.getcwd(), dict(os.environ), list(sys.path))

    def apply(self) -> None:
        os.chdir(self.cwd)
        os.environ.clear()
        os.environ.update(self.environ)
        sys.path[:] = self.path


def expected_parent(main_pid: int) -> int:
    """The process a worker must die with: the fork server it came from, else the main process
    (the server itself stops as soon as the main process is gone)."""
    server = getattr(sys.modules.get(PRELOAD), "SERVER_PID", None)
    return server if server == os.getppid() else main_pid


def die_with(main: int, parent: int) -> None:
    """End this worker as soon as the main process (or its own parent) is gone, from a daemon
    thread: on Linux by waiting on a process descriptor of the main process (it becomes
    readable when the process ends, a zombie included); elsewhere by checking every second."""

    def wait_on_descriptor(fd: int) -> None:
        select.select([fd], [], [])
        os._exit(1)

    def poll() -> None:
        while os.getppid() == parent and alive(main):
            time.sleep(1.0)
        os._exit(1)

    if hasattr(os, "pidfd_open"):
        try:
            fd = os.pidfd_open(main)
        except ProcessLookupError:
            os._exit(1)
        except OSError:  # a kernel without process descriptors
            pass
        else:
            threading.Thread(target=wait_on_descriptor, args=(fd,), daemon=True, name="kzbrief-main-watch").start()
            if parent == main:
                return
    threading.Thread(target=poll, daemon=True, name="kzbrief-parent-watch").start()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True
