"""Time-stamp servers for tests, on 127.0.0.1: pyHanko's in-process TSA (DummyTimeStamper) behind
a real HTTP endpoint, so signing goes the way it goes with a lab's server (RFC 3161 over HTTP);
a port nobody listens on; and a server that takes the connection and never answers."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import tsp
from pyhanko.sign.timestamps import DummyTimeStamper

from reports.signing import SigningIdentity


@contextmanager
def http_tsa(identity: SigningIdentity, *, answers: int | None = None) -> Iterator[tuple[str, list[int]]]:
    """A TSA answering at the URL yielded, signing with ``identity``; the list counts requests.
    With ``answers``, it answers that many requests and then fails each (HTTP 503)."""
    stamper = DummyTimeStamper(tsa_cert=identity.certificate, tsa_key=identity.signer.signing_key,
                               certs_to_embed=None)
    requests: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            requests.append(len(body))
            if answers is not None and len(requests) > answers:
                self.send_error(503, "out of service")
                return
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="test-tsa")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """A URL on a local port nobody listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


@contextmanager
def silent_server() -> Iterator[str]:
    """A URL whose server accepts the connection (the kernel's backlog does) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/tsa"
