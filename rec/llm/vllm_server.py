"""The managed local vLLM OpenAI server: start, warm up, health, status, stop (LoRA hot-load: `rec.llm.lora`).

vLLM lives in its own virtualenv (DESIGN.md §6), so we never import it: we
start `python -m vllm.entrypoints.openai.api_server` from that venv in a new
process session, record it in `REC_HOME/run/vllm.json`, and talk HTTP. Stopping
kills the whole process group (API server, engine core, workers), so nothing
is orphaned; a foreground server also dies with its parent (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from rec.config import RecConfig
from rec.errors import ServerError
from rec.llm.dtype import DtypeChoice, choose_dtype
from rec.llm.lora import lora_module_args

STRUCTURED_OUTPUTS = '{"backend": "xgrammar", "disable_any_whitespace": true}'
_WARMUP_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"],
                  "additionalProperties": False}


@dataclass
class ServerState:
    pid: int
    host: str
    port: int
    model: str          # the name clients ask for (--served-model-name)
    model_dir: str
    python: str
    log: str
    started_at: float
    ready: bool = False
    ready_s: float | None = None
    create_time: float | None = None  # the process's start time: tells our pid from a reused one
    start_ticks: int | None = None    # the same in clock ticks since boot (Linux): immune to wall-clock steps
    dtype: str | None = None          # what it was started with (server.dtype resolved) ...
    dtype_reason: str | None = None   # ... and why

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def find_vllm_python(cfg: RecConfig) -> Path:
    """The python of the vLLM virtualenv: server.python, else `.venv-vllm` beside the project."""
    candidates = [cfg.server.python] if cfg.server.python else [project_root() / ".venv-vllm" / "bin" / "python"]
    for cand in candidates:
        if cand and Path(cand).expanduser().is_file():
            return Path(cand).expanduser()
    raise ServerError(f"no vLLM virtualenv at {candidates[0]}; create it with `make vllm` "
                      "(or set server.python to a python that has vllm installed)")


def vllm_missing(cfg: RecConfig) -> str | None:
    """Why no vLLM server can be started here (no virtualenv), or None when one can."""
    try:
        find_vllm_python(cfg)
    except ServerError as e:
        return str(e)
    return None


def server_dtype(cfg: RecConfig) -> DtypeChoice:
    """The dtype the managed server runs in: server.dtype, `auto` resolved for this machine."""
    return choose_dtype(cfg.server.dtype)


def build_command(cfg: RecConfig, python: Path, model_dir: Path, served: str,
                  adapters: Mapping[str, Path] | None = None, dtype: str | None = None) -> list[str]:
    """The server's command line; `adapters` (served name -> PEFT dir) are loaded at start-up. Several are
    served at once (multi-LoRA: every store's planner and ranker): `--max-loras` in one batch, and the
    CPU-side cache holds at least every start-up adapter, so none is evicted and read from disk again.
    `dtype`: the resolved server.dtype (default: resolved here)."""
    s = cfg.server
    cached = max(s.max_loras, len(adapters or {}))
    return [
        str(python), "-m", "vllm.entrypoints.openai.api_server",
        "--model", str(model_dir), "--served-model-name", served,
        "--host", s.host, "--port", str(s.port),
        "--dtype", dtype or server_dtype(cfg).dtype, "--max-model-len", str(s.max_model_len),
        "--enable-lora", "--max-lora-rank", str(s.max_lora_rank), "--max-loras", str(s.max_loras),
        "--max-cpu-loras", str(cached),
        "--structured-outputs-config", STRUCTURED_OUTPUTS,
        *lora_module_args(adapters or {}),
        *s.extra_args,
    ]


def server_env(cfg: RecConfig) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "VLLM_CPU_KVCACHE_SPACE": f"{cfg.server.kv_cache_gb:g}",
        "VLLM_ALLOW_RUNTIME_LORA_UPDATING": "True",
        "VLLM_NO_USAGE_STATS": "1", "DO_NOT_TRACK": "1",
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",  # never reach for a hub
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("PYTHONPATH", None)  # the venv must see only its own packages
    env.update(_cpu_bind_env(cfg.server.cpu_bind))
    return env


def _cpu_bind_env(bind: str) -> dict[str, str]:
    """VLLM_CPU_* settings for `server.cpu_bind` (ignored by GPU builds)."""
    if bind == "auto":
        return {}
    if bind != "all":
        return {"VLLM_CPU_OMP_THREADS_BIND": bind}
    cores = sorted(os.sched_getaffinity(0))
    if cores != list(range(cores[0], cores[-1] + 1)):  # not one contiguous range: let vLLM decide
        return {}
    return {"VLLM_CPU_OMP_THREADS_BIND": f"{cores[0]}-{cores[-1]}", "VLLM_CPU_NUM_OF_RESERVED_CPU": "0"}


# --- state file -------------------------------------------------------------------------------
def _state_path(cfg: RecConfig, name: str = "vllm") -> Path:
    """The record of a server: `vllm` is `rec llm serve`'s; others are private servers (`private`)."""
    return cfg.run_dir / f"{name}.json"


def _alive(pid: int, create_time: float | None = None, start_ticks: int | None = None) -> bool:
    """Is `pid` running (not a zombie) and, if given, the same process that started then? `start_ticks`
    (Linux) decides when recorded: a wall-clock start time moves when the clock is stepped (a VM resumed
    from a snapshot, NTP), and the record of a live server would then be dropped as a reused pid."""
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        if start_ticks is not None and (ticks := _start_ticks(pid)) is not None:
            return ticks == start_ticks
        return create_time is None or abs(proc.create_time() - create_time) < 1.0
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:  # someone else's process: certainly not our server
        return create_time is None


def _start_ticks(pid: int) -> int | None:
    """Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot (None off Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2:].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def read_state(cfg: RecConfig, name: str = "vllm") -> ServerState | None:
    """The recorded server, or None (a record of a dead or reused pid is removed)."""
    path = _state_path(cfg, name)
    try:
        state = ServerState(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if not _alive(state.pid, state.create_time, state.start_ticks):
        path.unlink(missing_ok=True)
        return None
    return state


def _write_state(cfg: RecConfig, state: ServerState, name: str = "vllm") -> None:
    cfg.run_dir.mkdir(parents=True, exist_ok=True)
    tmp = _state_path(cfg, name).with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(state), indent=2))
    tmp.replace(_state_path(cfg, name))


# --- lifecycle ----------------------------------------------------------------------------------
def _die_with_parent_hook() -> Callable[[], None] | None:
    """A preexec_fn that makes the child get SIGTERM when we die (Linux PR_SET_PDEATHSIG).

    Everything is resolved here, in the parent: between fork and exec the child
    may only call the already-loaded function (no imports, no dlopen)."""
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None  # not Linux: foreground servers then rely on our signal handlers
    parent = os.getpid()

    def hook() -> None:
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # we died before the hook ran
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


@contextlib.contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """SIGTERM/SIGHUP become KeyboardInterrupt, so cleanup code runs (CI timeouts, closed terminals)."""
    def _raise(_signum, _frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():  # only the main thread may
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _port_in_use(host: str, port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def start(cfg: RecConfig, model_dir: Path, served: str, *, detach: bool,
          adapters: Mapping[str, Path] | None = None, name: str = "vllm",
          on_status: Callable[[str], None] = lambda _m: None) -> tuple[ServerState, bool]:
    """Start (or find) the server recorded as `name`; returns (state, started_now). Blocks until warmed up.
    `adapters` (served name -> PEFT dir): LoRA adapters to load at start-up (the caller's production
    adapters)."""
    from filelock import FileLock, Timeout

    cfg.run_dir.mkdir(parents=True, exist_ok=True)
    try:
        lock = FileLock(str(cfg.run_dir / f"{name}.lock"), timeout=0).acquire()
    except Timeout:
        who = "`rec llm serve`" if name == "vllm" else f"another process of rec (server {name!r})"
        raise ServerError(f"{who} is starting the server right now") from None
    with lock, _signals_as_interrupt():
        existing = read_state(cfg, name)
        if existing is not None:
            return existing, False
        if _port_in_use(cfg.server.host, cfg.server.port):
            raise ServerError(f"port {cfg.server.port} on {cfg.server.host} is already in use by a process "
                              "rec did not start; choose another with --port")
        python = find_vllm_python(cfg)
        cfg.logs_dir.mkdir(parents=True, exist_ok=True)
        log = cfg.logs_dir / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.log"
        dtype = server_dtype(cfg)
        cmd = build_command(cfg, python, model_dir, served, adapters, dtype.dtype)
        with log.open("ab") as fh:
            fh.write(("$ " + " ".join(cmd) + "\n").encode())
            fh.flush()
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT,
                                    env=server_env(cfg), start_new_session=True,
                                    preexec_fn=None if detach else _die_with_parent_hook())
        state = ServerState(pid=proc.pid, host=cfg.server.host, port=cfg.server.port, model=served,
                            model_dir=str(model_dir), python=str(python), log=str(log), started_at=time.time(),
                            create_time=_create_time(proc.pid), start_ticks=_start_ticks(proc.pid),
                            dtype=dtype.dtype, dtype_reason=dtype.reason)
        _write_state(cfg, state, name)
        try:
            on_status(f"starting vLLM (pid {proc.pid}, {dtype}), log {log}")
            deadline = time.monotonic() + cfg.server.startup_timeout_s
            _wait_healthy(state, proc, deadline)
            on_status("server is up; warming up (the first request compiles and caches)")
            warm_up(state, deadline)
        except BaseException:
            stop_pid(proc.pid)
            _state_path(cfg, name).unlink(missing_ok=True)
            raise
        state.ready, state.ready_s = True, round(time.time() - state.started_at, 1)
        _write_state(cfg, state, name)
        return state, True


def _create_time(pid: int) -> float | None:
    import psutil

    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).create_time()
    return None


def _wait_healthy(state: ServerState, proc: subprocess.Popen, deadline: float) -> None:
    url = f"http://{state.host}:{state.port}/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"vLLM exited with code {proc.returncode} while starting; last log lines:\n"
                              + tail(Path(state.log), 15))
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2, trust_env=False).status_code == 200:
                return
        time.sleep(1.0)
    raise ServerError(f"vLLM did not become healthy within server.startup_timeout_s; see {state.log}")


def warm_up(state: ServerState, deadline: float) -> None:
    """Issue the first requests now (logprobs, JSON schema) so users never pay for them."""
    body: dict[str, Any] = {"model": state.model, "max_tokens": 2, "temperature": 0,
                            "messages": [{"role": "user", "content": "Reply with the letter A. " * 20}]}
    url = f"{state.base_url}/chat/completions"
    for extra in ({"logprobs": True, "top_logprobs": 20},
                  {"response_format": {"type": "json_schema",
                                       "json_schema": {"name": "warmup", "schema": _WARMUP_SCHEMA}},
                   "max_tokens": 8}):
        left = deadline - time.monotonic()
        if left <= 0:
            raise ServerError(f"vLLM did not finish warming up within server.startup_timeout_s; see {state.log}")
        try:
            resp = httpx.post(url, json={**body, **extra}, timeout=left, trust_env=False)
        except httpx.HTTPError as e:
            raise ServerError(f"warm-up request failed ({type(e).__name__}); see {state.log}") from e
        if resp.status_code != 200:
            raise ServerError(f"warm-up request failed: HTTP {resp.status_code} {resp.text[:200]}")


def stop_pid(pid: int, timeout_s: float = 30.0) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left (children included)."""
    import psutil

    try:
        family = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        family = []
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    _gone, alive = psutil.wait_procs(family, timeout=timeout_s)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            proc.kill()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    psutil.wait_procs(alive, timeout=5)


def stop(cfg: RecConfig, name: str = "vllm") -> ServerState | None:
    """Stop the server recorded as `name`; returns what was stopped (None if nothing ran)."""
    state = read_state(cfg, name)
    if state is None:
        return None
    stop_pid(state.pid)
    _state_path(cfg, name).unlink(missing_ok=True)
    return state


@contextlib.contextmanager
def private(cfg: RecConfig, model_dir: Path, served: str,
            on_status: Callable[[str], None] = lambda _m: None) -> Iterator[ServerState]:
    """A second server of our own for the block (an evaluation's merged adapter): a free port, its own record
    (`vllm-<served>`), no LoRA, and it dies with us; stopped when the block ends, however it ends."""
    import socket

    with socket.socket() as sock:
        sock.bind((cfg.server.host, 0))
        port = sock.getsockname()[1]
    own = cfg.model_copy(update={"server": cfg.server.model_copy(update={"port": port})})
    name = f"vllm-{served}"
    state, _started = start(own, model_dir, served, detach=False, name=name, on_status=on_status)
    try:
        yield state
    finally:
        stop(own, name)


@contextlib.contextmanager
def private_model(cfg: RecConfig, model_dir: Path, served: str,
                  on_status: Callable[[str], None] = lambda _m: None) -> Iterator[Any]:
    """A chat model on a `private` server (the client settings of `cfg.llm`): closed, and the server
    stopped, when the block ends."""
    from rec.llm.openai_http import OpenAIHTTPChatModel

    llm = cfg.llm
    with private(cfg, model_dir, served, on_status=on_status) as state:
        model = OpenAIHTTPChatModel(state.base_url, state.model, api_key=llm.api_key, timeout_s=llm.timeout_s,
                                    max_retries=llm.max_retries, backoff_s=llm.backoff_s, max_choices=llm.max_choices)
        try:
            yield model
        finally:
            model.close()


def wait(cfg: RecConfig, state: ServerState) -> int:
    """Block while a foreground server runs; Ctrl-C, SIGTERM or SIGHUP stop it.
    Returns 0 when stopped on request, 1 when the server died by itself."""
    try:
        with _signals_as_interrupt():
            while _alive(state.pid, state.create_time, state.start_ticks):
                time.sleep(0.5)
    except KeyboardInterrupt:
        stop(cfg)
        return 0
    stop_pid(state.pid, timeout_s=5)  # the leader died: take its engine and workers with it
    _state_path(cfg).unlink(missing_ok=True)
    return 1


# --- queries ----------------------------------------------------------------------------------
def status(cfg: RecConfig) -> dict[str, Any]:
    state = read_state(cfg)
    if state is None:   # with the dtype a start would choose
        choice = server_dtype(cfg)
        return {"running": False, "dtype": choice.dtype, "dtype_reason": choice.reason}
    info: dict[str, Any] = {"running": True, **asdict(state), "base_url": state.base_url,
                            "healthy": False, "adapters": []}
    if state.dtype is None:   # started by a rec that did not record it
        choice = server_dtype(cfg)
        info.update(dtype=choice.dtype, dtype_reason=f"{choice.reason}; not recorded at start")
    with contextlib.suppress(httpx.HTTPError, ValueError, AttributeError, KeyError, TypeError):
        resp = httpx.get(f"{state.base_url}/models", timeout=3, trust_env=False)
        resp.raise_for_status()
        models = resp.json()["data"]
        info["adapters"] = [{"name": m["id"], "path": m.get("root")} for m in models if m.get("parent")]
        info["healthy"] = True
    return info


def tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"
