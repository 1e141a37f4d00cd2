"""The chat page `rec serve` answers at `/`: three static files packaged in `rec/api/static/` (no build
step, nothing fetched from elsewhere). The page talks to the same API as any client — the streamed
`/v1/chat/completions` and `/v1/feedback` — with the key the user types (kept in the browser), so `/`
itself needs no key and holds nothing but the files: no store name, model, key or path.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from rec.api.errors import ApiError

# name -> media type; nothing else under /static/ is served (no directory listing, no path tricks)
FILES = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
         "style.css": "text/css; charset=utf-8"}
HEADERS = {
    # only this origin's own script, style and API; no inline code, no frames, no forms posting elsewhere
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def static_file(name: str) -> bytes:
    """One packaged file's bytes (read when asked for, so importing rec.api does no I/O)."""
    return files("rec.api").joinpath("static", name).read_bytes()


def add_page(app: Any) -> None:
    """GET / (the page) and GET /static/{name} (its script and style); kept out of the OpenAPI schema."""
    from fastapi.responses import Response

    def reply(name: str) -> Response:
        return Response(static_file(name), media_type=FILES[name], headers=HEADERS)

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return reply("index.html")

    @app.get("/static/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in FILES or name == "index.html":
            raise ApiError(404, f"no such file: /static/{name}", "not_found")
        return reply(name)
