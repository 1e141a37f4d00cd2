"""Item image -> caption text, so images can be searched like any other document.

Three captioners sit behind one small `Captioner` protocol:

- `PaletteCaptioner`: offline, no weights. Describes what Pillow can measure (dominant colours,
  orientation, brightness, saturation). It is the default because no captioning weights ship
  offline (DESIGN.md §5), and colour/shape words still help queries like "a dark blue poster".
- `HFImageToTextCaptioner`: a local Hugging Face image-to-text model directory (VisionEncoderDecoder,
  BLIP...). transformers 5 removed the "image-to-text" pipeline (it redirects to "image-text-to-text",
  which needs a multimodal processor that VisionEncoderDecoder dirs do not have), so we load
  `AutoModelForImageTextToText` + `AutoImageProcessor` + `AutoTokenizer` and call `generate` ourselves.
- `OpenAIVLMCaptioner`: a vision-language model behind any OpenAI-compatible `/chat/completions`.

Captions are cached in SQLite keyed by (sha256 of the image bytes, captioner name): re-running over
a catalog only computes captions for new images or a new captioner. `caption_items` never lets one bad
image abort the rest; per-image problems are `CaptionError`s collected in `CaptionReport.failed`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rec.errors import CaptionError, ConfigError, ModelAssetError, first_line
from rec.sqlite_wal import enable_wal

if TYPE_CHECKING:
    from PIL import Image

    from rec.config import CaptionsConfig

CAPTION_PROMPT = (
    "Describe this item image in one short, factual sentence for a search index: what it shows, "
    "its main colours and style, and any prominent text. No preamble."
)

# Plain colour names and a representative sRGB value; each quantised colour takes the nearest (in CIELAB).
COLOUR_NAMES: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0), "grey": (128, 128, 128), "light grey": (200, 200, 200), "white": (255, 255, 255),
    "red": (210, 30, 35), "maroon": (120, 10, 20), "pink": (250, 160, 190), "orange": (250, 140, 20),
    "brown": (130, 75, 30), "beige": (225, 205, 165), "yellow": (250, 225, 30), "olive": (128, 128, 20),
    "green": (40, 160, 60), "dark green": (10, 80, 30), "teal": (0, 128, 128), "turquoise": (64, 210, 200),
    "sky blue": (130, 195, 240), "blue": (30, 80, 220), "navy": (15, 20, 110), "purple": (120, 40, 150),
}
_MAIN_SHARE, _SOME_SHARE = 0.25, 0.08      # "mostly X" / "with some Y" thresholds (share of pixels)
_SQUARE_TOLERANCE = 0.1                     # |w/h - 1| within this counts as square
_DARK_BELOW, _BRIGHT_ABOVE = 70.0, 160.0    # mean luma (0-255)
_VIVID_ABOVE = 60.0                         # mean chroma, max(r,g,b) - min(r,g,b) (0-255)
_HTTP_TIMEOUT_S = 10.0                      # fetching an image URL
MAX_IMAGE_BYTES = 20_000_000                # an image file or URL larger than this is refused (per row)
_VLM_MAX_SIDE = 1024                        # images are downscaled before upload; VLMs resize anyway


class Captioner(Protocol):
    """Turns one RGB image into a short caption. `name` is part of the cache key: change it whenever the
    captions a captioner would produce change (new model, new prompt, new palette rules)."""

    @property
    def name(self) -> str: ...

    def caption(self, image: Image.Image) -> str: ...


# --- palette (offline, no weights) -------------------------------------------------------------------
def _srgb_to_lab(rgb: Sequence[float]) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour, so "nearest colour name" follows perception, not raw RGB."""
    def lin(c: float) -> float:
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


_LAB = {name: _srgb_to_lab(rgb) for name, rgb in COLOUR_NAMES.items()}


def colour_name(rgb: Sequence[float]) -> str:
    """The nearest entry of `COLOUR_NAMES` to an sRGB colour (CIE76 distance in Lab)."""
    lab = _srgb_to_lab(rgb)
    return min(COLOUR_NAMES, key=lambda n: sum((a - b) ** 2 for a, b in zip(lab, _LAB[n], strict=True)))


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class PaletteCaptioner:
    """Describes measurable attributes: dominant colours, orientation, brightness, saturation.

    Deterministic (median-cut quantisation of a 64 px thumbnail), fast (~1 ms), and short on purpose:
    the text is embedded for search, so every word should be a fact a query might use."""

    name = "palette:v1"

    def __init__(self, colours: int = 6):
        self.colours = colours

    def dominant_colours(self, image: Image.Image) -> list[tuple[str, float]]:
        """(colour name, share of pixels) pairs, duplicates merged, largest share first."""
        from PIL import Image

        small = image.convert("RGB")
        small.thumbnail((64, 64))
        q = small.quantize(colors=self.colours, method=Image.Quantize.MEDIANCUT)
        palette = q.getpalette() or []
        counts = q.getcolors() or []
        total = sum(c for c, _ in counts) or 1
        shares: dict[str, float] = {}
        for count, index in counts:
            name = colour_name(palette[3 * index: 3 * index + 3])
            shares[name] = shares.get(name, 0.0) + count / total
        return sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))

    def caption(self, image: Image.Image) -> str:
        from PIL import ImageChops, ImageStat

        rgb = image.convert("RGB")
        w, h = rgb.size
        ratio = w / h if h else 1.0
        orientation = ("square" if abs(ratio - 1) <= _SQUARE_TOLERANCE
                       else "landscape" if ratio > 1 else "portrait")
        luma = ImageStat.Stat(rgb.convert("L")).mean[0]
        brightness = "dark" if luma < _DARK_BELOW else "bright" if luma > _BRIGHT_ABOVE else "medium"
        small = rgb.copy()
        small.thumbnail((64, 64))
        r, g, b = small.split()
        chroma = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(r, g), b),
                                     ImageChops.darker(ImageChops.darker(r, g), b))
        saturation = "vivid" if ImageStat.Stat(chroma).mean[0] > _VIVID_ABOVE else "muted"
        shares = self.dominant_colours(small)
        main = [n for n, s in shares if s >= _MAIN_SHARE][:2] or [shares[0][0]]
        some = [n for n, s in shares if _SOME_SHARE <= s < _MAIN_SHARE and n not in main][:2]
        text = f"a {brightness} {orientation} image, mostly {_join(main)}"
        if some:
            text += f", with some {_join(some)}"
        return f"{text}; {saturation} colours"


# --- Hugging Face image-to-text ----------------------------------------------------------------------
class HFImageToTextCaptioner:
    """A local image-to-text model directory. Loaded on first use, never from a hub (local_files_only),
    and serialised by a lock: one `generate` at a time is what a CPU box can afford anyway."""

    def __init__(self, model: str | Path, max_new_tokens: int = 40):
        self.model_dir = Path(model).expanduser()
        self.max_new_tokens = max_new_tokens
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, Any] | None = None

    @property
    def name(self) -> str:
        return f"hf:{self.model_dir.name}"

    def _load(self) -> tuple[Any, Any, Any]:
        """(model, image processor, tokenizer); a missing or broken dir is a `ModelAssetError`, since
        it fails every image alike and should stop a run rather than fill `failed`."""
        if self._loaded is None:
            if not (self.model_dir / "config.json").is_file():
                raise ModelAssetError(f"no Hugging Face model at {self.model_dir} (config.json missing)")
            from transformers import AutoImageProcessor, AutoModelForImageTextToText, AutoTokenizer

            try:
                model = AutoModelForImageTextToText.from_pretrained(self.model_dir, local_files_only=True)
                processor = AutoImageProcessor.from_pretrained(self.model_dir, local_files_only=True)
                tokenizer = AutoTokenizer.from_pretrained(self.model_dir, local_files_only=True)
            except (OSError, ValueError, KeyError) as e:
                raise ModelAssetError(f"cannot load an image-to-text model from {self.model_dir}: "
                                      f"{first_line(e)}") from e
            model.eval()
            self._loaded = (model, processor, tokenizer)
        return self._loaded

    def caption(self, image: Image.Image) -> str:
        import torch

        with self._lock:
            model, processor, tokenizer = self._load()
            try:
                pixels = processor(images=image.convert("RGB"), return_tensors="pt").pixel_values
                with torch.inference_mode():
                    ids = model.generate(pixel_values=pixels.to(model.dtype), max_new_tokens=self.max_new_tokens,
                                         do_sample=False)
            except (RuntimeError, ValueError) as e:
                raise CaptionError(f"{self.name} failed on a {image.size[0]}x{image.size[1]} image: "
                                   f"{first_line(e)}") from e
        return " ".join(tokenizer.batch_decode(ids, skip_special_tokens=True)[0].split())


# --- vision-language model over an OpenAI-compatible API -----------------------------------------------
class OpenAIVLMCaptioner:
    """One `/chat/completions` call per image: the prompt `CAPTION_PROMPT` plus the image as a PNG data URL,
    temperature 0 so re-runs agree with the cache. No retries: a failure is one `CaptionError` and
    `caption_items` moves on to the next image."""

    def __init__(self, base_url: str, model: str, api_key: str = "EMPTY", timeout_s: float = 120.0,
                 max_new_tokens: int = 40):
        import httpx

        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_new_tokens = max_new_tokens
        self._client = httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {api_key}"},
                                    timeout=httpx.Timeout(timeout_s, connect=min(10.0, timeout_s)))

    @property
    def name(self) -> str:
        return f"vlm:{self.model}"

    def request_body(self, image: Image.Image) -> dict[str, Any]:
        """The JSON sent for one image (public so callers and tests can see exactly what goes out)."""
        img = image.convert("RGB")
        img.thumbnail((_VLM_MAX_SIDE, _VLM_MAX_SIDE))
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        url = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
        content = [{"type": "text", "text": CAPTION_PROMPT}, {"type": "image_url", "image_url": {"url": url}}]
        return {"model": self.model, "messages": [{"role": "user", "content": content}],
                "temperature": 0, "max_tokens": self.max_new_tokens}

    def caption(self, image: Image.Image) -> str:
        import httpx

        from rec.config import redact_text, redact_url

        url = redact_url(f"{self.base_url}/chat/completions")   # named in errors: no credentials
        try:
            resp = self._client.post("/chat/completions", json=self.request_body(image))
        except httpx.TimeoutException as e:
            raise CaptionError(f"the VLM at {url} timed out ({type(e).__name__})") from e
        except httpx.TransportError as e:
            raise CaptionError(f"cannot reach the VLM at {url}: {type(e).__name__}: "
                               f"{redact_text(str(e), self.base_url)}") from e
        if resp.status_code >= 400:
            raise CaptionError(f"the VLM at {url} answered HTTP {resp.status_code}: {resp.text[:200]!r}")
        try:
            text = resp.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as e:
            raise CaptionError(f"the VLM at {url} returned no chat completion ({type(e).__name__})") from e
        if not isinstance(text, str) or not text.strip():
            raise CaptionError(f"the VLM at {url} returned an empty caption")
        return " ".join(text.split())

    def close(self) -> None:
        self._client.close()


def build_captioner(cfg: CaptionsConfig) -> Captioner | None:
    """The captioner `captions.*` asks for, or None for backend "none". Settings a backend cannot work
    without are a `ConfigError` naming the key; nothing is loaded or contacted here."""
    if cfg.backend == "none":
        return None
    if cfg.backend == "palette":
        return PaletteCaptioner()
    if cfg.backend == "hf":
        if not cfg.model:
            raise ConfigError("captions.model must name a local image-to-text model dir when captions.backend is hf")
        return HFImageToTextCaptioner(cfg.model, max_new_tokens=cfg.max_new_tokens)
    if cfg.backend == "vlm":
        for key in ("base_url", "model"):
            if not getattr(cfg, key):
                raise ConfigError(f"captions.{key} must be set when captions.backend is vlm "
                                  "(an OpenAI-compatible endpoint and the served model name)")
        return OpenAIVLMCaptioner(cfg.base_url, cfg.model, api_key=cfg.api_key, timeout_s=cfg.timeout_s,
                                  max_new_tokens=cfg.max_new_tokens)
    raise ConfigError(f"captions.backend must be one of palette, hf, vlm, none (got {cfg.backend!r})")


# --- cache --------------------------------------------------------------------------------------------
class CaptionCache:
    """(image sha256, captioner name) -> caption in one SQLite file (WAL), so unchanged images are never
    captioned twice. Safe for one writer; usable from the thread that did not open it (own lock)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            enable_wal(self._db)
            self._db.execute("CREATE TABLE IF NOT EXISTS captions (digest TEXT NOT NULL, captioner TEXT NOT NULL, "
                             "caption TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (digest, captioner))")
            self._db.commit()
        except (OSError, sqlite3.Error) as e:
            raise CaptionError(f"cannot open the caption cache {self.path}: {e}") from e

    def get(self, digest: str, name: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT caption FROM captions WHERE digest = ? AND captioner = ?",
                                   (digest, name)).fetchone()
        return row[0] if row else None

    def put(self, digest: str, name: str, caption: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO captions VALUES (?, ?, ?, ?)",
                             (digest, name, caption, time.time()))
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> CaptionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- images -------------------------------------------------------------------------------------------
def _read_ref(ref: str, base_dirs: Sequence[Path], max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """The raw bytes behind an image reference (see `load_image` for the forms accepted)."""
    from urllib.parse import unquote, urlparse
    from urllib.request import url2pathname

    if ref.startswith(("http://", "https://")):
        return _fetch(ref, max_bytes)
    if ref.startswith("file://"):
        path = Path(url2pathname(unquote(urlparse(ref).path)))
    else:
        path = Path(ref).expanduser()
        if not path.is_absolute() and base_dirs:
            found = next((Path(d) / path for d in base_dirs if (Path(d) / path).exists()), None)
            if found is None:
                raise CaptionError(f"image not found: {ref} (looked in {', '.join(str(d) for d in base_dirs)})")
            path = found
    return _read_file(path, ref, max_bytes)


def _read_file(path: Path, ref: str, max_bytes: int) -> bytes:
    """A regular file of at most `max_bytes`. Opened without blocking (a FIFO would wait for a writer
    forever) and checked on the open descriptor, so a file swapped after a check is caught too."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as e:
        raise CaptionError(f"image not found: {ref}") from e
    except OSError as e:
        raise CaptionError(f"cannot read image {ref}: {e.strerror or type(e).__name__}") from e
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CaptionError(f"cannot read image {ref}: not a regular file")
        if info.st_size > max_bytes:
            raise CaptionError(f"image {ref} is larger than {max_bytes} bytes ({info.st_size})")
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        raise CaptionError(f"cannot read image {ref}: {e.strerror or type(e).__name__}") from e
    finally:
        os.close(fd)
    if len(data) > max_bytes:   # it grew after the check
        raise CaptionError(f"image {ref} is larger than {max_bytes} bytes")
    return data


def _fetch(ref: str, max_bytes: int) -> bytes:
    """An image URL's body, refused past `max_bytes` (by its Content-Length, or while streaming when it
    has none) and past twice the timeout in all (a server dripping bytes)."""
    import httpx

    deadline = time.monotonic() + 2 * _HTTP_TIMEOUT_S
    try:
        with httpx.stream("GET", ref, timeout=_HTTP_TIMEOUT_S, follow_redirects=True) as resp:
            if resp.status_code >= 400:
                raise CaptionError(f"cannot fetch image {ref}: HTTP {resp.status_code}")
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise CaptionError(f"image {ref} is larger than {max_bytes} bytes ({length})")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise CaptionError(f"image {ref} is larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise CaptionError(f"cannot fetch image {ref}: slower than {2 * _HTTP_TIMEOUT_S:.0f}s")
    except httpx.HTTPError as e:
        raise CaptionError(f"cannot fetch image {ref}: {type(e).__name__}") from e
    return b"".join(chunks)


def load_image(ref: str, base_dirs: Sequence[Path] = (), max_bytes: int = MAX_IMAGE_BYTES) -> tuple[bytes, Image.Image]:
    """Fetch and decode one image reference: a path relative to the first of `base_dirs` that has it (the
    working directory when none are given), an absolute path, a `file://` URL, or an `http(s)://` URL.
    Returns the raw bytes (what the cache digests) and the decoded RGB image, EXIF rotation applied so
    orientation words are right. Anything missing, unreachable, not a regular file, larger than
    `max_bytes` or not an image is a `CaptionError`."""
    if not ref or not ref.strip():
        raise CaptionError("empty image reference")
    return data_and_image(_read_ref(ref.strip(), base_dirs, max_bytes), ref)


def data_and_image(data: bytes, ref: str) -> tuple[bytes, Image.Image]:
    """Decode fetched bytes (see `load_image`)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            rgb = ImageOps.exif_transpose(img).convert("RGB")
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as e:
        raise CaptionError(f"not a readable image: {ref} ({type(e).__name__}: {str(e)[:120]})") from e
    return data, rgb


# --- batch --------------------------------------------------------------------------------------------
@dataclass
class CaptionReport:
    """What `caption_items` did: captions by item id, how many were computed vs. found in the cache, and
    the items that failed with a one-line reason each."""

    captions: dict[str, str] = field(default_factory=dict)
    captioned: int = 0
    cached: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def caption_items(refs: Mapping[str, str], captioner: Captioner, cache: CaptionCache | None,
                  base_dirs: Sequence[Path] = (), progress: Callable[[int], None] | None = None,
                  max_bytes: int = MAX_IMAGE_BYTES) -> CaptionReport:
    """Caption every item's image (item id -> image ref). Per-image problems (`CaptionError`: missing, not
    an image, captioner failed on it, empty caption) go to `failed` and the run goes on; errors that
    would fail every image alike (e.g. `ModelAssetError`) propagate. Identical images are captioned
    once: the cache is keyed by content, not by item or path. `progress(1)` is called per item."""
    report = CaptionReport()
    for item_id, ref in refs.items():
        try:
            if not ref or not ref.strip():
                raise CaptionError("empty image reference")
            data = _read_ref(ref.strip(), base_dirs, max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            text = cache.get(digest, captioner.name) if cache is not None else None
            if text is not None:  # a cache hit never decodes the image
                report.cached += 1
            else:
                text = captioner.caption(data_and_image(data, ref)[1]).strip()
                if not text:
                    raise CaptionError(f"{captioner.name} returned an empty caption for {ref}")
                if cache is not None:
                    cache.put(digest, captioner.name, text)
                report.captioned += 1
            report.captions[item_id] = text
        except CaptionError as e:
            report.failed.append((item_id, str(e)))
        if progress is not None:
            progress(1)
    return report
