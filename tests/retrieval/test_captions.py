"""Captions: the palette captioner on drawn images, a tiny random VisionEncoderDecoder built here, a VLM
behind the scripted OpenAI-style server, the SQLite cache, image loading, and build_captioner."""

import base64
import functools
import io
import sqlite3
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from rec.config import CaptionsConfig
from rec.errors import CaptionError, ConfigError, ModelAssetError
from rec.retrieval.captions import (
    CAPTION_PROMPT,
    CaptionCache,
    HFImageToTextCaptioner,
    OpenAIVLMCaptioner,
    PaletteCaptioner,
    build_captioner,
    caption_items,
    load_image,
)

RED, DARK_BLUE, WHITE, GREY = (220, 25, 25), (10, 20, 90), (250, 250, 250), (150, 150, 150)


def draw(path: Path, size, fill, band=None) -> Path:
    """A PNG of `size` filled with `fill`, plus an optional (box, colour) band."""
    img = Image.new("RGB", size, fill)
    if band:
        ImageDraw.Draw(img).rectangle(band[0], fill=band[1])
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG")
    return path


@pytest.fixture
def images(tmp_path) -> Path:
    d = tmp_path / "images"
    draw(d / "tall_red.png", (60, 120), RED, ((0, 0, 59, 19), WHITE))        # ~83% red, 17% white
    draw(d / "wide_blue.png", (200, 100), DARK_BLUE)
    draw(d / "square_white.png", (40, 40), WHITE, ((0, 0, 39, 11), GREY))    # 70% white, 30% grey
    return d


def caption_of(path: Path) -> str:
    return PaletteCaptioner().caption(load_image(str(path), [])[1])


# --- palette ------------------------------------------------------------------------------------------
def test_palette_names_colour_orientation_and_brightness(images):
    tall = caption_of(images / "tall_red.png")
    assert tall.startswith("a medium portrait image, mostly red") and "with some white" in tall
    assert tall.endswith("vivid colours")
    assert caption_of(images / "wide_blue.png") == "a dark landscape image, mostly navy; vivid colours"
    square = caption_of(images / "square_white.png")
    assert square == "a bright square image, mostly white and grey; muted colours"


def test_palette_merges_shades_and_is_deterministic():
    img = Image.new("RGB", (100, 100), (220, 20, 20))
    ImageDraw.Draw(img).rectangle((0, 0, 99, 49), fill=(190, 35, 30))    # another shade of red
    cap = PaletteCaptioner()
    shares = cap.dominant_colours(img)
    assert [n for n, _ in shares] == ["red"] and shares[0][1] == pytest.approx(1.0)
    assert cap.caption(img) == cap.caption(img.copy()) == "a medium square image, mostly red; vivid colours"


def test_palette_square_tolerance():
    cap = PaletteCaptioner()
    assert " square " in cap.caption(Image.new("RGB", (105, 100), WHITE))
    assert " landscape " in cap.caption(Image.new("RGB", (120, 100), WHITE))


# --- image loading ------------------------------------------------------------------------------------
def test_load_image_resolves_relative_absolute_and_file_urls(images, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    data, img = load_image("wide_blue.png", [first, images])             # not in first: found in the second
    assert img.mode == "RGB" and img.size == (200, 100)
    assert data == (images / "wide_blue.png").read_bytes()
    draw(first / "wide_blue.png", (10, 30), RED)                          # now the first dir wins
    assert load_image("wide_blue.png", [first, images])[1].size == (10, 30)
    assert load_image(str(images / "tall_red.png"), [first])[1].size == (60, 120)
    assert load_image((images / "tall_red.png").as_uri(), [])[1].size == (60, 120)


def test_load_image_converts_to_rgb(tmp_path):
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(tmp_path / "a.png")
    assert load_image("a.png", [tmp_path])[1].mode == "RGB"


def test_load_image_errors_name_the_ref(images, tmp_path):
    with pytest.raises(CaptionError, match=r"image not found: nope\.png \(looked in"):
        load_image("nope.png", [images])
    (tmp_path / "notes.png").write_text("not an image")
    with pytest.raises(CaptionError, match=r"not a readable image: notes\.png"):
        load_image("notes.png", [tmp_path])
    with pytest.raises(CaptionError, match="empty image reference"):
        load_image("  ", [tmp_path])


@pytest.fixture
def file_server(images):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(images))
    handler.log_message = lambda *a: None
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    srv.server_close()


def test_load_image_over_http(file_server, images):
    data, img = load_image(f"{file_server}/tall_red.png", [])
    assert img.size == (60, 120) and data == (images / "tall_red.png").read_bytes()
    with pytest.raises(CaptionError, match=r"cannot fetch image .*/missing\.png: HTTP 404"):
        load_image(f"{file_server}/missing.png", [])


# --- cache --------------------------------------------------------------------------------------------
def test_cache_roundtrip_persists_and_uses_wal(tmp_path):
    path = tmp_path / "sub" / "captions.sqlite"
    with CaptionCache(path) as cache:
        assert cache.get("d1", "palette:v1") is None
        cache.put("d1", "palette:v1", "first")
        cache.put("d1", "palette:v1", "second")                            # replaces
        cache.put("d1", "hf:m", "other captioner")
        assert cache.get("d1", "palette:v1") == "second"
    with CaptionCache(path) as cache:
        assert cache.get("d1", "palette:v1") == "second" and cache.get("d1", "hf:m") == "other captioner"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM captions").fetchone()[0] == 2
    with pytest.raises(sqlite3.ProgrammingError):
        cache.get("d1", "palette:v1")                                      # closed by the context manager


# --- caption_items ------------------------------------------------------------------------------------
def test_bad_images_are_reported_and_do_not_abort(images, tmp_path):
    (images / "text.png").write_text("hello")
    ticks = []
    with CaptionCache(tmp_path / "c.sqlite") as cache:
        report = caption_items({"missing": "gone.png", "text": "text.png", "good": "tall_red.png"},
                               PaletteCaptioner(), cache, [images], progress=ticks.append)
    assert list(report.captions) == ["good"] and "mostly red" in report.captions["good"]
    assert (report.captioned, report.cached) == (1, 0)
    reasons = dict(report.failed)
    assert set(reasons) == {"missing", "text"}
    assert "gone.png" in reasons["missing"] and "not found" in reasons["missing"]
    assert "text.png" in reasons["text"] and "not a readable image" in reasons["text"]
    assert ticks == [1, 1, 1]


class Counting:
    """Wraps a captioner and counts the images it was actually asked to caption."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0

    @property
    def name(self):
        return self.inner.name

    def caption(self, image):
        self.calls += 1
        return self.inner.caption(image)


class Empty:
    name = "empty:v1"

    def caption(self, image):
        return "   "


def test_empty_captions_fail_and_are_not_cached(images, tmp_path):
    with CaptionCache(tmp_path / "c.sqlite") as cache:
        report = caption_items({"a": "wide_blue.png"}, Empty(), cache, [images])
        assert report.captions == {} and report.failed[0][0] == "a" and "empty caption" in report.failed[0][1]
        assert caption_items({"a": "wide_blue.png"}, Empty(), cache, [images]).cached == 0


# --- Hugging Face image-to-text (tiny random VisionEncoderDecoder) -------------------------------------
@pytest.fixture(scope="module")
def tiny_captioner_dir(tmp_path_factory) -> Path:
    import torch
    from tiny_models import build_tokenizer
    from transformers import (
        GenerationConfig,
        GPT2Config,
        VisionEncoderDecoderConfig,
        VisionEncoderDecoderModel,
        ViTConfig,
        ViTImageProcessorPil,
    )

    out = tmp_path_factory.mktemp("captioner") / "tiny-vit-gpt2"
    out.mkdir()
    tok = build_tokenizer(out)
    torch.manual_seed(0)
    enc = ViTConfig(image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                    intermediate_size=64)
    dec = GPT2Config(vocab_size=len(tok), n_embd=32, n_layer=1, n_head=2, n_positions=64, add_cross_attention=True,
                     bos_token_id=tok.eos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    cfg = VisionEncoderDecoderConfig.from_encoder_decoder_configs(enc, dec)
    eos, pad = tok.eos_token_id, tok.pad_token_id
    cfg.decoder_start_token_id, cfg.pad_token_id, cfg.eos_token_id = eos, pad, eos
    model = VisionEncoderDecoderModel(config=cfg)
    # Random weights may pick only special tokens, which decode to "": suppress them so captions are non-empty.
    model.generation_config = GenerationConfig(decoder_start_token_id=eos, pad_token_id=pad, eos_token_id=eos,
                                               suppress_tokens=tok.all_special_ids)
    model.save_pretrained(out)
    ViTImageProcessorPil(size={"height": 32, "width": 32}).save_pretrained(out)
    return out


def test_hf_captioner_returns_a_short_string(tiny_captioner_dir, images):
    cap = HFImageToTextCaptioner(tiny_captioner_dir, max_new_tokens=6)
    assert cap.name == "hf:tiny-vit-gpt2"
    img = load_image("tall_red.png", [images])[1]
    text = cap.caption(img)
    assert isinstance(text, str) and 0 < len(text) <= 6 * 16 and text == text.strip()
    assert cap.caption(img) == text                                        # greedy: same image, same caption
    results = []
    threads = [threading.Thread(target=lambda: results.append(cap.caption(img))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [text] * 3


def test_hf_captioner_missing_model_dir_is_an_asset_error(tmp_path, images):
    cap = HFImageToTextCaptioner(tmp_path / "no-such-model")               # constructing loads nothing
    with pytest.raises(ModelAssetError, match="no-such-model"):
        cap.caption(load_image("tall_red.png", [images])[1])


def test_caption_items_uses_the_cache_by_image_content(tiny_captioner_dir, images, tmp_path):
    (images / "copy_of_red.png").write_bytes((images / "tall_red.png").read_bytes())
    refs = {"red": "tall_red.png", "blue": "wide_blue.png", "red-again": "copy_of_red.png"}
    counting = Counting(HFImageToTextCaptioner(tiny_captioner_dir, max_new_tokens=6))
    with CaptionCache(tmp_path / "c.sqlite") as cache:
        first = caption_items(refs, counting, cache, [images])
    assert counting.calls == 2 and (first.captioned, first.cached, first.failed) == (2, 1, [])
    assert first.captions["red"] == first.captions["red-again"] and set(first.captions) == set(refs)
    with CaptionCache(tmp_path / "c.sqlite") as cache:                    # a later run, reopened file
        second = caption_items(refs, counting, cache, [images])
    assert counting.calls == 2 and (second.captioned, second.cached) == (0, 3)
    assert second.captions == first.captions


# --- VLM over an OpenAI-compatible API ----------------------------------------------------------------
def completion(content):
    return {"id": "c1", "model": "vlm", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


def test_vlm_sends_the_image_as_a_png_data_url(scripted, images):
    srv = scripted((200, completion("  A red poster\nwith a white band. "), {}))
    cap = OpenAIVLMCaptioner(srv.url, "qwen-vl", max_new_tokens=12)
    assert cap.name == "vlm:qwen-vl"
    assert cap.caption(load_image("tall_red.png", [images])[1]) == "A red poster with a white band."
    method, path, body = srv.requests[0]
    assert (method, path) == ("POST", "/v1/chat/completions")
    assert body["model"] == "qwen-vl" and body["temperature"] == 0 and body["max_tokens"] == 12
    [message] = body["messages"]
    text, image = message["content"]
    assert message["role"] == "user" and text == {"type": "text", "text": CAPTION_PROMPT}
    url = image["image_url"]["url"]
    assert image["type"] == "image_url" and url.startswith("data:image/png;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert sent.format == "PNG" and sent.size == (60, 120) and sent.convert("RGB").getpixel((30, 100)) == RED
    cap.close()


def test_vlm_errors_are_caption_errors_naming_the_url(scripted, free_port, images):
    img = load_image("wide_blue.png", [images])[1]
    srv = scripted((500, {"error": "boom"}, {}), (200, completion(""), {}), (200, completion("late"), {}, 1.0))
    with pytest.raises(CaptionError, match=rf"{srv.url}/chat/completions answered HTTP 500"):
        OpenAIVLMCaptioner(srv.url, "m").caption(img)
    with pytest.raises(CaptionError, match="empty caption"):
        OpenAIVLMCaptioner(srv.url, "m").caption(img)
    with pytest.raises(CaptionError, match="timed out"):
        OpenAIVLMCaptioner(srv.url, "m", timeout_s=0.2).caption(img)
    refused = f"http://127.0.0.1:{free_port}/v1"
    with pytest.raises(CaptionError, match=rf"cannot reach the VLM at {refused}/chat/completions"):
        OpenAIVLMCaptioner(refused, "m").caption(img)


def test_vlm_failure_in_a_batch_is_recorded(scripted, images, tmp_path):
    srv = scripted((500, {"error": "boom"}, {}), (200, completion("navy"), {}))
    with CaptionCache(tmp_path / "c.sqlite") as cache:
        report = caption_items({"a": "tall_red.png", "b": "wide_blue.png"}, OpenAIVLMCaptioner(srv.url, "m"),
                               cache, [images])
    assert report.captions == {"b": "navy"} and [i for i, _ in report.failed] == ["a"]
    assert "HTTP 500" in report.failed[0][1]


# --- build_captioner ----------------------------------------------------------------------------------
def test_build_captioner_for_each_backend(tmp_path):
    assert build_captioner(CaptionsConfig(backend="none")) is None
    assert isinstance(build_captioner(CaptionsConfig()), PaletteCaptioner)     # the default
    hf = build_captioner(CaptionsConfig(backend="hf", model=str(tmp_path / "blip"), max_new_tokens=9))
    assert isinstance(hf, HFImageToTextCaptioner) and hf.name == "hf:blip" and hf.max_new_tokens == 9
    vlm = build_captioner(CaptionsConfig(backend="vlm", base_url="http://127.0.0.1:1/v1/", model="vl",
                                         timeout_s=5))
    assert isinstance(vlm, OpenAIVLMCaptioner) and vlm.name == "vlm:vl" and vlm.base_url == "http://127.0.0.1:1/v1"


@pytest.mark.parametrize(("settings", "key"), [
    ({"backend": "hf"}, "captions.model"),
    ({"backend": "vlm", "model": "vl"}, "captions.base_url"),
    ({"backend": "vlm", "base_url": "http://127.0.0.1:1/v1"}, "captions.model"),
])
def test_build_captioner_missing_settings_are_config_errors(settings, key):
    with pytest.raises(ConfigError, match=rf"^{key} must") as err:
        build_captioner(CaptionsConfig(**settings))
    assert "\n" not in str(err.value)


# --- what an image reference may point at -------------------------------------------------------------
def test_image_refs_must_be_small_regular_files(images, tmp_path):
    """/dev/zero (endless), a FIFO (blocks forever), a directory and an oversized file are per-row errors
    that name the ref and come back at once (a FIFO is never opened for a blocking read)."""
    import os
    import time

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG" + b"\0" * 5000)
    t0 = time.monotonic()
    report = caption_items({"zero": "/dev/zero", "fifo": str(fifo), "dir": str(images), "big": "big.png",
                            "good": "tall_red.png"}, PaletteCaptioner(), None, [tmp_path, images], max_bytes=4096)
    assert time.monotonic() - t0 < 10
    reasons = dict(report.failed)
    assert list(report.captions) == ["good"] and set(reasons) == {"zero", "fifo", "dir", "big"}
    for item in ("zero", "fifo", "dir"):
        assert "not a regular file" in reasons[item], reasons[item]
    assert "larger than 4096 bytes" in reasons["big"] and "big.png" in reasons["big"]
    with pytest.raises(CaptionError, match="not a regular file"):
        load_image(f"file://{fifo}", [])


def test_http_image_fetches_are_capped(file_server, images):
    (images / "big.png").write_bytes(b"\0" * 10_000)
    with pytest.raises(CaptionError, match=r"big\.png.*larger than 4096 bytes"):
        load_image(f"{file_server}/big.png", [], max_bytes=4096)
    assert load_image(f"{file_server}/tall_red.png", [], max_bytes=100_000)[1].size == (60, 120)


def test_http_image_without_a_length_is_capped_while_streaming(images):
    """A server that sends no Content-Length (chunked, endless) is cut off at the cap."""
    from http.server import BaseHTTPRequestHandler

    class Endless(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(100_000):
                    self.wfile.write(b"400\r\n" + b"\0" * 1024 + b"\r\n")
            except OSError:
                pass

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Endless)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        with pytest.raises(CaptionError, match="larger than 65536 bytes"):
            load_image(f"http://127.0.0.1:{srv.server_port}/x.png", [], max_bytes=65536)
    finally:
        srv.shutdown()
        srv.server_close()
