"""A tiny SMTP server on loopback for tests: it accepts every message and keeps it."""

from __future__ import annotations

import asyncio
import threading
from email import message_from_bytes
from email.message import Message


class SmtpStandin:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.received_at: list[float] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> SmtpStandin:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 standin ESMTP\r\n")
        while line := await reader.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith("DATA"):
                writer.write(b"354 go on\r\n")
                await writer.drain()
                data = await reader.readuntil(b"\r\n.\r\n")
                self.messages.append(message_from_bytes(data[:-5].replace(b"\r\n..", b"\r\n.")))
                self.received_at.append(self._loop.time())
                writer.write(b"250 kept\r\n")
            elif command.startswith("QUIT"):
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()
