"""Bound each wait of the async kernel client, so a missed ZMQ wake-up costs a second, not a timeout.

papermill drives the kernel through jupyter_client's asyncio channels, whose
``get_msg(timeout)`` is one ``zmq.asyncio`` poll for the whole timeout. That poll
can miss the wake-up of a message that did arrive (seen here: a widget cell of
01-sanctions-regime finished in 0.1 s in the kernel, yet its reply was only
noticed when the 600 s per-cell timeout ran out, by the poll's final check; about
one batch run in fifteen). nbclient's Output-widget mimic sends on the shell
socket from the IOPub handler while the shell poll is pending, one known way to
lose the edge-triggered event. Polling in slices of at most one second keeps the
same semantics (a message, or ``Empty`` at the deadline) and bounds the damage.
"""

from __future__ import annotations

import time
from queue import Empty

#: Longest single poll, in seconds.
SLICE_S = 1.0

_INSTALLED = False


def install() -> None:
    """Make ``AsyncZMQSocketChannel.get_msg`` poll in slices of :data:`SLICE_S` (idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from jupyter_client.channels import AsyncZMQSocketChannel

    async def get_msg(self, timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_S if deadline is None else min(SLICE_S, deadline - time.monotonic())
            if await self.socket.poll(max(0, int(left * 1000))):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty

    get_msg.__doc__ = AsyncZMQSocketChannel.get_msg.__doc__
    AsyncZMQSocketChannel.get_msg = get_msg
    _INSTALLED = True
