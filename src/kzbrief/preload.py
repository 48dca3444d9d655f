"""What every build worker needs before its first job, imported once in the process workers are
forked from (the fork server, see ``pool``), not once per worker.

Importing WeasyPrint, python-docx and matplotlib and registering the chart fonts costs ~1.1 CPU s
(measured: ``/usr/bin/time python -c "import kzbrief.preload"``). Paid in each of two workers,
after the content was loaded, it sat on the build's critical path twice; paid here, once, it
runs while the main process loads and validates the content.

Importing this module has no effect beyond imports and font registration: nothing is read from
the project and nothing is written.
"""

from __future__ import annotations

import os

#: The process that imported this module: for a worker forked from the server, its parent.
SERVER_PID = os.getpid()

# matplotlib imports its backends only when a figure is saved: imported here, once
import matplotlib.backends.backend_agg  # noqa: E402,F401
import matplotlib.backends.backend_svg  # noqa: E402,F401

from .charts import draw_charts, render  # noqa: E402,F401  (render imports matplotlib.figure)
from .charts.style import rc  # noqa: E402
from .document.assemble import assemble  # noqa: E402,F401
from .writers import docx as docx_writer  # noqa: E402,F401  (imports python-docx)
from .writers import html, pdf  # noqa: E402,F401

rc()  # registers the chart fonts with matplotlib
