"""A local HTTP server (http.server in a thread, 127.0.0.1) serving the shared data for fetch tests.

Routes: /real/<path> serves ../shared/data/<path>; /bad/<key> serves ``server.bad[key]``
(damaged copies a test sets); /short/<path> announces a Content-Length longer than the body it
sends; /hang/... never answers (until the server closes); /trickle/<path> sends the headers, then one byte
every 0.5 s (each read gets data in time: only an overall deadline stops it).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class LocalServer:
    def __init__(self, root: Path):
        self.root = root
        self.bad: dict[str, bytes] = {}
        self.release = threading.Event()
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):
                server.requests.append(self.path)
                kind, _, rest = self.path.lstrip("/").partition("/")
                if kind == "hang":
                    server.release.wait(30)  # never answers before the client gives up
                    return
                if kind == "trickle":
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    for _ in range(200):
                        if server.release.wait(0.5):
                            return
                        try:
                            self.wfile.write(b"x")
                            self.wfile.flush()
                        except OSError:
                            return
                    return
                if kind == "bad" and rest in server.bad:
                    body = server.bad[rest]
                elif kind in ("real", "short") and (server.root / rest).is_file():
                    body = (server.root / rest).read_bytes()
                else:
                    self.send_error(404, "not found")
                    return
                self.send_response(200)
                length = len(body) + (1000 if kind == "short" else 0)
                self.send_header("Content-Length", str(length))
                self.send_header("Last-Modified", "Tue, 01 Dec 2026 08:00:00 GMT")
                self.end_headers()
                self.wfile.write(body if kind != "short" else body[: len(body) // 2])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
