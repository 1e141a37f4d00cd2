"""The chat page at `/` (rec/api/static/) over real HTTP: served without a key and leaking nothing,
only its own files under /static/, strict headers, no external resources, and packaged with rec.
The page in a real browser is tests/api/test_page_browser.py."""

from __future__ import annotations

import re
from importlib.resources import files

import httpx

from rec.api.page import FILES


def test_page_is_served_without_a_key_and_holds_no_secret(make_api):
    url, rec = make_api(keys=["s3cret-key"])
    page = httpx.get(f"{url}/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    for secret in ["s3cret-key", str(rec.cfg.home), rec.cfg.store]:
        assert secret not in page.text
    for name in ["app.js", "style.css"]:
        asset = httpx.get(f"{url}/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(FILES[name].split(";")[0])
        assert "s3cret-key" not in asset.text
    assert httpx.get(f"{url}/v1/models").status_code == 401   # the page is open, the API is not


def test_only_the_pages_own_files_are_served(make_api):
    url, _ = make_api()
    for path in ["/static/index.html", "/static/nope.js", "/static/..%2Fpage.py", "/static/../app.py"]:
        r = httpx.get(f"{url}{path}")
        assert r.status_code == 404 and "error" in r.json(), path
    schema = httpx.get(f"{url}/openapi.json").json()
    assert "/" not in schema["paths"] and not any(p.startswith("/static") for p in schema["paths"])


def test_the_page_loads_nothing_from_elsewhere_and_never_writes_server_text_as_html():
    static = files("rec.api").joinpath("static")
    for name in FILES:
        text = static.joinpath(name).read_text()
        assert not re.search(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//", text), name
        assert "http://" not in text and "https://" not in text, name
    script = static.joinpath("app.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script
