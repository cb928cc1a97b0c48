"""Qt's raster engine paints on the window's own thread, never through Qt's GUI thread pool.

By default Qt hands every fill of 96 or more spans (an antialiased pill of a dozen pixels'
height is one) to a pool of threads and waits for them: for the small shapes of the graph, the
hand-over costs more CPU than the fill (a notes key press: 14-17 ms -> 10-11 ms). The pixels
are the same: each span is filled by the same code, only on one thread.
"""

import os

NO_POOL = "QT_NO_GUI_THREADPOOL"  # read by Qt once, at the first fill or image scaling


def paint_serially() -> None:
    """Ask Qt to fill on the calling thread, unless the variable is already set;
    call it before the first window paints."""
    os.environ.setdefault(NO_POOL, "1")
