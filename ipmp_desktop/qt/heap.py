"""Keep Python's cyclic garbage collector from pausing the app in the middle of an edit.

A workspace of 10,000 tasks keeps a few hundred thousand long-lived objects (rows, layout
shapes, Qt wrappers). Every full collection walks all of them; an edit that builds a thousand
fresh rows triggers such collections mid-way, and they cost more than the edit (measured: a
1,000-successor drop spent over a third of its time in collector pauses). Rows and shapes form
no reference cycles, so deferring the collector during an edit frees nothing later than
reference counting does. (Freezing the heap after a load was tried too: no gain measured.)
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collector_pauses() -> Iterator[None]:
    """Run the block with the cyclic collector off (it runs again as usual afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
