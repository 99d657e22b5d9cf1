"""The sliced get_msg of the async kernel channel: same answers as one long poll, over real ZMQ sockets."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from toolkit.report import kernel_waits


@pytest.fixture
def channel_pair():
    """A channel reading an inproc PAIR socket, and a plain socket writing jupyter messages to it."""
    kernel_waits.install()
    ctx = zmq.asyncio.Context()
    reader = ctx.socket(zmq.PAIR)
    reader.bind("inproc://kernel-waits")
    writer = ctx.socket(zmq.PAIR)
    writer.connect("inproc://kernel-waits")
    session = Session(key=b"secret")
    yield AsyncZMQSocketChannel(reader, session), writer, session
    reader.close(0)
    writer.close(0)
    ctx.term()


def _send_later(writer, session, delay, text):
    async def send():
        await asyncio.sleep(delay)
        await writer.send_multipart(session.serialize(session.msg("stream", {"text": text})))

    return asyncio.ensure_future(send())


def test_a_message_arriving_after_several_slices_is_returned(channel_pair):
    channel, writer, session = channel_pair

    async def scenario():
        sender = _send_later(writer, session, 2.5 * kernel_waits.SLICE_S, "late")
        msg = await channel.get_msg(timeout=30)
        await sender
        return msg

    msg = asyncio.run(scenario())
    assert msg["content"]["text"] == "late"


def test_no_message_raises_empty_at_the_deadline_not_at_the_first_slice(channel_pair):
    channel, _, _ = channel_pair
    start = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(channel.get_msg(timeout=1.5 * kernel_waits.SLICE_S))
    assert time.monotonic() - start >= 1.5 * kernel_waits.SLICE_S


def test_no_timeout_waits_across_slices(channel_pair):
    channel, writer, session = channel_pair

    async def scenario():
        sender = _send_later(writer, session, 1.5 * kernel_waits.SLICE_S, "eventually")
        msg = await channel.get_msg(timeout=None)
        await sender
        return msg

    assert asyncio.run(scenario())["content"]["text"] == "eventually"


def test_install_is_idempotent():
    kernel_waits.install()
    patched = AsyncZMQSocketChannel.get_msg
    kernel_waits.install()
    assert AsyncZMQSocketChannel.get_msg is patched
