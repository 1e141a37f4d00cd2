"""Which floating-point type the model runs in: `server.dtype: auto` resolved for this machine.

bfloat16 halves the bytes every decode step reads and, on CPUs with bf16 dot-product instructions
(x86 `avx512_bf16` / `amx_bf16`, Arm `bf16`), runs natively; on a CPU without them it is emulated and
slower than float32. vLLM's own `--dtype auto` does not ask: its CPU platform lists bfloat16 first for
every x86 CPU, and downcasts a float32 checkpoint to it. So rec decides here and always passes an
explicit `--dtype`. NVIDIA GPUs get bfloat16 from compute capability 8.0 (Ampere) up, float16 below.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16", "bf16")   # x86 flags; `bf16` is Arm's "Features" name
CPUINFO = Path("/proc/cpuinfo")


@dataclass(frozen=True)
class DtypeChoice:
    dtype: str    # float32 | bfloat16 | float16: what the server is started with
    reason: str   # one line: why

    def __str__(self) -> str:
        return f"{self.dtype} ({self.reason})"


def cpu_bf16_flags(cpuinfo: Path = CPUINFO) -> list[str] | None:
    """The bf16 instruction flags the first CPU lists, or None when the file cannot be read."""
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("flags", "features"):
            flags = set(value.split())
            return [f for f in BF16_CPU_FLAGS if f in flags]
    return []


def nvidia_compute_caps() -> list[float] | None:
    """Compute capabilities of the visible NVIDIA GPUs (`nvidia-smi`), or None when there are none."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return None
    try:
        out = subprocess.run([smi, "--query-gpu=compute_cap", "--format=csv,noheader"], capture_output=True,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    caps = []
    for line in out.splitlines():
        try:
            caps.append(float(line.strip()))
        except ValueError:
            continue
    return caps or None


def choose_dtype(requested: str, *, cpuinfo: Path | None = None,
                 gpus: Callable[[], list[float] | None] | None = None,
                 setting: str = "server.dtype") -> DtypeChoice:
    """`requested` (the `setting`) resolved: an explicit value wins; `auto` asks the GPUs (default:
    `nvidia_compute_caps`), then the CPU (default: CPUINFO)."""
    if requested != "auto":
        return DtypeChoice(requested, f"set in {setting}")
    cpuinfo = cpuinfo or CPUINFO
    caps = (gpus or nvidia_compute_caps)()
    if caps:
        oldest = min(caps)
        if oldest >= 8.0:
            return DtypeChoice("bfloat16", f"auto: NVIDIA GPU, compute capability {oldest:g}")
        return DtypeChoice("float16", f"auto: NVIDIA GPU compute capability {oldest:g} < 8.0 has no bf16")
    flags = cpu_bf16_flags(cpuinfo)
    if flags is None:
        return DtypeChoice("float32", f"auto: {cpuinfo} unreadable, so no bf16 known")
    if flags:
        return DtypeChoice("bfloat16", f"auto: the CPU has {'+'.join(flags)}")
    return DtypeChoice("float32", "auto: the CPU has no bf16 instructions (avx512_bf16, amx_bf16)")
