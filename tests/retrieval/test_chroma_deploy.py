"""Chroma as users deploy it: a server behind a gateway that wants a token and headers, tenants and
databases from config, and none of it printed."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from catalog_data import synthetic_items, write_jsonl
from chroma_server import chroma_run

from rec.config import load_config, parse_overrides
from rec.errors import StoreError
from rec.retrieval.embeddings import HashingEmbedder
from rec.retrieval.ingest import ingest
from rec.retrieval.search import Retriever
from rec.retrieval.store import chroma_headers


class Gateway:
    """A proxy in front of `chroma run` that answers 401 unless the request carries `want` headers."""

    def __init__(self, upstream: str, want: dict[str, str]):
        self.seen: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _forward(self):
                headers = {k.lower(): v for k, v in self.headers.items()}
                outer.seen.append(headers)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if any(headers.get(k.lower()) != v for k, v in want.items()):
                    status, raw, kind = 401, b'{"error":"Unauthorized","message":"no token"}', "application/json"
                else:
                    resp = httpx.request(self.command, upstream + self.path, content=body, timeout=30,
                                         headers={"content-type": headers.get("content-type", "application/json")})
                    status, raw, kind = resp.status_code, resp.content, resp.headers.get("content-type", "")
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def chroma(tmp_path):
    with chroma_run(tmp_path / "chroma") as url:
        yield url


def _cfg(url: str, *sets: str):
    return load_config(overrides=parse_overrides([f"retrieval.url={url}", "store=remote", *sets]))


def test_token_and_headers_reach_the_server_and_a_missing_token_is_one_line(chroma, tmp_path):
    gate = Gateway(chroma, {"Authorization": "Bearer s3cret", "X-Team": "red"})
    try:
        cfg = _cfg(gate.url, "retrieval.token=s3cret", "retrieval.headers={X-Team: red}")
        report = ingest(cfg, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", synthetic_items(10)))
        assert report.added == 10 and all(h.get("authorization") == "Bearer s3cret" for h in gate.seen)
        assert Retriever(cfg, HashingEmbedder()).search("comedy", k=3)
        with pytest.raises(StoreError, match="Chroma") as e:
            ingest(_cfg(gate.url, "retrieval.headers={X-Team: red}"), HashingEmbedder(), tmp_path / "c.jsonl")
        assert "\n" not in str(e.value) and "s3cret" not in str(e.value)
    finally:
        gate.close()


def test_tenant_and_database_come_from_config(chroma, tmp_path):
    import chromadb

    admin = chromadb.AdminClient(chromadb.config.Settings(chroma_api_impl="chromadb.api.fastapi.FastAPI",
                                                          chroma_server_host="127.0.0.1",
                                                          chroma_server_http_port=int(chroma.rsplit(":", 1)[1])))
    admin.create_tenant("shop")
    admin.create_database("prod", tenant="shop")
    cfg = _cfg(chroma, "retrieval.tenant=shop", "retrieval.database=prod")
    assert ingest(cfg, HashingEmbedder(), write_jsonl(tmp_path / "c.jsonl", synthetic_items(5))).added == 5
    port = int(chroma.rsplit(":", 1)[1])
    there = chromadb.HttpClient(host="127.0.0.1", port=port, tenant="shop", database="prod")
    default = chromadb.HttpClient(host="127.0.0.1", port=port)
    assert [c.name for c in there.list_collections()] == ["rec-remote"]
    assert not default.list_collections()
    with pytest.raises(StoreError, match="tenant 'nope'"):
        ingest(_cfg(chroma, "retrieval.tenant=nope"), HashingEmbedder(), tmp_path / "c.jsonl")


def test_the_token_and_headers_are_redacted_and_sent_as_configured():
    cfg = _cfg("https://chroma.example:443", "retrieval.token=s3cret",
               "retrieval.headers={X-Team: red, X-Gateway: k-123}")
    shown = cfg.to_yaml(redact=True)
    assert "s3cret" not in shown and "k-123" not in shown and "red" not in shown.split("headers")[1][:60]
    assert chroma_headers(cfg) == {"X-Team": "red", "X-Gateway": "k-123", "Authorization": "Bearer s3cret"}
    raw = _cfg("http://h:1", "retrieval.token=t0", "retrieval.token_header=X-Chroma-Token")
    assert chroma_headers(raw) == {"X-Chroma-Token": "t0"}
