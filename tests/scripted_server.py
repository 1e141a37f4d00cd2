"""A scripted OpenAI-style HTTP server on 127.0.0.1, for error paths real servers rarely show."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Scripted:
    """An HTTP server that answers each request with the next (status, body, headers[, delay_s])."""

    def __init__(self, script, port=0):
        self.script = list(script)
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _reply(self):
                length = int(self.headers.get("content-length") or 0)
                outer.requests.append((self.command, self.path, json.loads(self.rfile.read(length) or b"null")))
                status, body, headers, *delay = outer.script.pop(0) if outer.script else (500, {"error": "empty"}, {})
                if delay:
                    time.sleep(delay[0])
                raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                for k, v in {"content-type": "application/json", **headers}.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = _reply

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted():
    servers = []

    def make(*script):
        s = Scripted(script)
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.close()
