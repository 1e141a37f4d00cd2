"""A SASRec-style next-item model: what a user is likely to pick next, given the order of what they picked.

Co-occurrence over the last few items (collaborative.py) already captures much of the sequential signal
on ML-100k; a causal self-attention model reads the whole ordered history and learns which items tend
to follow which. Architecture as in SASRec (Kang & McAuley 2018): item embeddings plus learned
positional embeddings, pre-norm blocks of causal multi-head self-attention and a point-wise
feed-forward layer, the item embedding reused as the output layer. It is trained with a full-softmax
cross-entropy over every item at every position ("SASRec with CE loss", Klenitskiy & Vasilevsky 2023),
far stronger than the original binary loss with one sampled negative; with a catalog of a few thousand
items the full softmax is cheap on a CPU.

Contract: item id 0 is padding (histories are left-padded, so the last column is always the latest
item); training is deterministic for a seed on one machine; `score` returns logits in the order asked
for, -inf for items the model has never seen, zeros for every item when no history item is known.
The model is saved as one `sequential.pt` (state dict, hyperparameters and vocabulary only: tensors,
lists and scalars), read back with `torch.load(weights_only=True)`. torch and numpy are imported
inside functions, so importing this module costs nothing.
"""

from __future__ import annotations

import math
import os
import pickle
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rec.errors import StoreError

if TYPE_CHECKING:
    import numpy as np
    import torch

MODEL_FILE = "sequential.pt"
FORMAT = 1
_SCORE_CHUNK = 256  # histories scored per forward pass


def _network(n_items: int, dim: int, layers: int, max_len: int) -> torch.nn.ModuleDict:
    """The parameters only (no nn.Module subclass, so nothing torch-dependent is defined at import)."""
    import torch
    from torch import nn

    def block() -> nn.ModuleDict:
        return nn.ModuleDict({"ln1": nn.LayerNorm(dim), "qkv": nn.Linear(dim, 3 * dim), "out": nn.Linear(dim, dim),
                              "ln2": nn.LayerNorm(dim), "ff1": nn.Linear(dim, dim), "ff2": nn.Linear(dim, dim)})

    net = nn.ModuleDict({"item_emb": nn.Embedding(n_items + 1, dim, padding_idx=0),
                         "pos_emb": nn.Embedding(max_len, dim),
                         "blocks": nn.ModuleList(block() for _ in range(layers)),
                         "ln": nn.LayerNorm(dim)})
    for name, param in net.named_parameters():
        if param.dim() > 1:
            nn.init.normal_(param, std=1.0 / math.sqrt(dim) if name.endswith("_emb.weight") else 0.02)
        elif name.endswith("bias"):
            nn.init.zeros_(param)
    with torch.no_grad():
        net["item_emb"].weight[0].zero_()
    return net


def _encode(net: torch.nn.ModuleDict, seqs: torch.Tensor, heads: int, dropout: float) -> torch.Tensor:
    """Hidden states [batch, time, dim] of left-padded item ids [batch, time]; position t sees items <= t."""
    import torch
    import torch.nn.functional as F

    b, t = seqs.shape
    dim = net["item_emb"].embedding_dim
    drop = dropout if net.training else 0.0
    valid = seqs != 0
    positions = torch.arange(net["pos_emb"].num_embeddings - t, net["pos_emb"].num_embeddings)
    x = net["item_emb"](seqs) * math.sqrt(dim) + net["pos_emb"](positions)
    x = F.dropout(x, drop, net.training) * valid.unsqueeze(-1)
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    # a padded key is hidden, but every position sees itself, so no row is all-masked (no NaN)
    mask = (causal & valid[:, None, :]) | torch.eye(t, dtype=torch.bool)
    mask = mask.unsqueeze(1)
    for blk in net["blocks"]:
        q, k, v = blk["qkv"](blk["ln1"](x)).view(b, t, 3, heads, dim // heads).permute(2, 0, 3, 1, 4)
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=drop)
        x = x + F.dropout(blk["out"](att.transpose(1, 2).reshape(b, t, dim)), drop, net.training)
        ff = blk["ff2"](F.dropout(F.gelu(blk["ff1"](blk["ln2"](x))), drop, net.training))
        x = (x + F.dropout(ff, drop, net.training)) * valid.unsqueeze(-1)
    return net["ln"](x)


def _logits(net: torch.nn.ModuleDict, batch: torch.Tensor, heads: int) -> torch.Tensor:
    """Next-item logits [batch, n_items] after each left-padded history of `batch`."""
    net.eval()
    return _encode(net, batch, heads, 0.0)[:, -1] @ net["item_emb"].weight[1:].T


def _pad_left(rows: Sequence[Sequence[int]]) -> torch.Tensor:
    import torch

    width = max((len(r) for r in rows), default=0) or 1
    out = torch.zeros(len(rows), width, dtype=torch.long)
    for n, row in enumerate(rows):
        if row:
            out[n, width - len(row):] = torch.tensor(row, dtype=torch.long)
    return out


def _batches(rows: list[list[int]], batch_size: int, gen: torch.Generator) -> list[list[list[int]]]:
    """Shuffled batches of sequences of similar length: padding every batch to the longest history
    (a few users have hundreds of items) would more than double the work of an epoch."""
    import torch

    shuffled = torch.randperm(len(rows), generator=gen).tolist()
    by_length = sorted(shuffled, key=lambda n: len(rows[n]))  # stable: equal lengths stay shuffled
    batches = [by_length[s:s + batch_size] for s in range(0, len(by_length), batch_size)]
    return [[rows[n] for n in batches[b]] for b in torch.randperm(len(batches), generator=gen).tolist()]


def _training_rows(histories: list[list[int]], max_len: int) -> list[list[int]]:
    """Windows of at most `max_len` + 1 items (inputs and their next items) cut from the end of each history,
    overlapping by one item so that every transition is learned once: a long history is not cut to its
    tail (on ML-100k 143 of 943 users have more than 200 items; their early windows add +0.003 NDCG@10)."""
    rows = []
    for history in histories:
        for end in range(len(history), 1, -max_len):
            rows.append(history[max(0, end - max_len - 1):end])
    return rows


def _epoch(net: torch.nn.ModuleDict, rows: list[list[int]], opt: torch.optim.Optimizer, gen: torch.Generator,
           batch_size: int, heads: int, dropout: float) -> None:
    """One pass over the training sequences; the loss at each position is a softmax over all items."""
    import torch.nn.functional as F

    net.train()
    for batch_rows in _batches(rows, batch_size, gen):
        batch = _pad_left(batch_rows)
        inputs, targets = batch[:, :-1], batch[:, 1:]
        keep = (inputs != 0) & (targets != 0)
        hidden = _encode(net, inputs, heads, dropout)[keep]
        logits = hidden @ net["item_emb"].weight[1:].T
        loss = F.cross_entropy(logits, targets[keep] - 1)
        opt.zero_grad()
        loss.backward()
        opt.step()


class SequentialModel:
    """A trained next-item model over a fixed vocabulary (`item_ids`; model index = position + 1)."""

    def __init__(self, item_ids: list[str], net: torch.nn.ModuleDict, config: dict[str, Any],
                 members: Sequence[torch.nn.ModuleDict] = ()):
        self.item_ids = item_ids
        self.index = {item: n + 1 for n, item in enumerate(item_ids)}
        self.net = net.eval()
        self.members = [m.eval() for m in members]   # more networks (other seeds) whose logits are averaged
        self.config = config
        self.validation_curve: list[float] = []   # NDCG@10 per epoch when trained with `validation`

    @classmethod
    def train(cls, histories: Mapping[str, Sequence[str]], *, dim: int = 64, layers: int = 2, heads: int = 2,
              max_len: int = 50, epochs: int = 40, batch_size: int = 64, lr: float = 2e-3, dropout: float = 0.3,
              weight_decay: float = 0.0, seed: int = 0, validation: Mapping[str, str] | None = None,
              patience: int = 10, threads: int | None = None, members: int = 1,
              progress: Callable[[int, int], None] | None = None) -> SequentialModel:
        """Fit on `histories` (user -> item ids, oldest first), cut into windows of `max_len` + 1 items.

        With `validation` (user -> the item that followed their history), NDCG@10 on it is measured after
        every epoch, training stops after `patience` epochs without a gain and the best epoch's weights are
        kept. `progress(epoch, epochs)` is called after each epoch. Training uses `threads` CPU threads (all
        cores by default); on a machine whose cores are busy with other work, or for a tiny model, 1 can be
        many times faster (OpenMP threads spin waiting for each other).

        `members` > 1 trains that many networks (seeds `seed`, `seed` + 1, ...) and scores with the mean of
        their logits: on ML-100k two seeds ranked the held-out item clearly better than one (NOTES-h13.md),
        at twice the training time. `progress` then counts the epochs of every member."""
        if members > 1:
            return cls._ensemble(histories, members, seed, epochs, progress, dim=dim, layers=layers, heads=heads,
                                 max_len=max_len, batch_size=batch_size, lr=lr, dropout=dropout,
                                 weight_decay=weight_decay, validation=validation, patience=patience,
                                 threads=threads)
        import torch

        items = sorted({i for h in histories.values() for i in h})
        index = {item: n + 1 for n, item in enumerate(items)}
        rows = _training_rows([[index[i] for i in h] for h in histories.values()], max_len)
        previous = torch.get_num_threads()
        torch.set_num_threads(threads or os.cpu_count() or 1)
        try:
            torch.manual_seed(seed)
            net = _network(len(items), dim, layers, max_len)
            config = {"format": FORMAT, "dim": dim, "layers": layers, "heads": heads, "max_len": max_len,
                      "dropout": dropout, "epochs": epochs, "lr": lr, "weight_decay": weight_decay, "seed": seed}
            model = cls(items, net, config)
            opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.98), weight_decay=weight_decay)
            gen = torch.Generator().manual_seed(seed)
            model._fit(rows, opt, gen, batch_size, epochs, histories, validation, patience, progress)
        finally:
            torch.set_num_threads(previous)
        return model

    @classmethod
    def _ensemble(cls, histories: Mapping[str, Sequence[str]], members: int, seed: int, epochs: int,
                  progress: Callable[[int, int], None] | None, **options: Any) -> SequentialModel:
        def step(m: int) -> Callable[[int, int], None] | None:
            return (lambda done, total: progress(m * epochs + done, members * epochs)) if progress else None

        trained = [cls.train(histories, seed=seed + m, epochs=epochs, progress=step(m), **options)
                   for m in range(members)]
        first = trained[0]
        first.members = [t.net for t in trained[1:]]
        first.config["members"] = members
        return first

    def _fit(self, rows: list[list[int]], opt: torch.optim.Optimizer, gen: torch.Generator, batch_size: int,
             epochs: int, histories: Mapping[str, Sequence[str]], validation: Mapping[str, str] | None,
             patience: int, progress: Callable[[int, int], None] | None) -> None:
        import copy

        best, best_state, since = -1.0, None, 0
        for epoch in range(1, epochs + 1):
            if rows:
                _epoch(self.net, rows, opt, gen, batch_size, self.config["heads"], self.config["dropout"])
            self.net.eval()
            if progress:
                progress(epoch, epochs)
            if validation is None:
                continue
            self.validation_curve.append(self.ndcg_at_10(histories, validation))
            if self.validation_curve[-1] > best:
                best, best_state, since = self.validation_curve[-1], copy.deepcopy(self.net.state_dict()), 0
                self.config["epochs"] = epoch
            elif (since := since + 1) >= patience:
                break
        if best_state is not None:
            self.net.load_state_dict(best_state)

    def score_batch(self, histories: Sequence[Sequence[str]]) -> np.ndarray:
        """Logits [len(histories), len(item_ids)] in `item_ids` order; a row with no known item is all zeros."""
        import numpy as np
        import torch

        out = np.zeros((len(histories), len(self.item_ids)), dtype=np.float32)
        max_len = self.config["max_len"]
        with torch.inference_mode():
            for start in range(0, len(histories), _SCORE_CHUNK):
                rows = [[self.index[i] for i in h if i in self.index][-max_len:]
                        for h in histories[start:start + _SCORE_CHUNK]]
                batch = _pad_left(rows)
                logits = sum(_logits(net, batch, self.config["heads"]) for net in (self.net, *self.members))
                logits = (logits / (1 + len(self.members))).numpy()
                known = np.array([bool(r) for r in rows])
                out[start:start + len(rows)][known] = logits[known]
        return out

    def score(self, history: Sequence[str], item_ids: Sequence[str] | None = None) -> np.ndarray:
        """Logits of `item_ids` (all of `self.item_ids` when None) after `history`; unknown items get -inf.

        History items the model does not know are skipped; with none known every known item scores 0."""
        import numpy as np

        logits = self.score_batch([history])[0]
        if item_ids is None:
            return logits
        cols = np.array([self.index.get(i, 0) - 1 for i in item_ids], dtype=np.int64)
        return np.where(cols >= 0, logits[cols.clip(min=0)], -np.inf) if len(cols) else logits[:0]

    def top(self, history: Sequence[str], k: int, exclude: Collection[str] = (),
            allowed: Collection[str] | None = None) -> list[tuple[str, float]]:
        """The k best next items, best first (ties by item id); never one of `history` or `exclude`, and only
        items of `allowed` when it is given (a hard constraint applied before the cut, not after)."""
        import numpy as np

        scores = self.score(history).astype(np.float64)
        if allowed is not None:
            mask = np.full(len(scores), -np.inf)
            mask[[self.index[i] - 1 for i in allowed if i in self.index]] = 0.0
            scores += mask
        scores[[self.index[i] - 1 for i in (*history, *exclude) if i in self.index]] = -np.inf
        k = min(k, int(np.isfinite(scores).sum()))
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        return [(self.item_ids[n], float(scores[n])) for n in sorted(best, key=lambda n: (-scores[n], n))]

    def ndcg_at_10(self, histories: Mapping[str, Sequence[str]], targets: Mapping[str, str]) -> float:
        """Mean NDCG@10 of each user's target ranked among all items minus their history (ties count against)."""
        import numpy as np

        users = [u for u in targets if u in histories]
        scores = self.score_batch([histories[u] for u in users]).astype(np.float64)
        total = 0.0
        for row, u in zip(scores, users, strict=True):
            target = self.index.get(targets[u], 0) - 1
            if target < 0:
                continue
            row[[self.index[i] - 1 for i in histories[u] if i in self.index]] = -np.inf
            rank = int((row >= row[target]).sum())
            total += 1.0 / math.log2(rank + 1) if rank <= 10 else 0.0
        return total / len(users) if users else 0.0

    def save(self, store_dir: Path) -> None:
        import torch

        tmp = store_dir / f".{MODEL_FILE}.tmp"
        torch.save({"config": dict(self.config), "items": list(self.item_ids), "state": self.net.state_dict(),
                    "members": [m.state_dict() for m in self.members]}, tmp)
        tmp.replace(store_dir / MODEL_FILE)

    @classmethod
    def load(cls, store_dir: Path) -> SequentialModel | None:
        """The saved model, or None when the store has none (a store without interactions)."""
        import torch

        path = store_dir / MODEL_FILE
        if not path.is_file():
            return None
        try:
            data = torch.load(path, weights_only=True)
            cfg, items = data["config"], data["items"]
            nets = []
            for state in (data["state"], *data.get("members", [])):   # a file before ensembles has no members
                nets.append(_network(len(items), cfg["dim"], cfg["layers"], cfg["max_len"]))
                nets[-1].load_state_dict(state)
        except (OSError, RuntimeError, EOFError, ValueError, KeyError, TypeError, pickle.UnpicklingError) as e:
            raise StoreError(f"{path} is unreadable; re-run `rec ingest --interactions`") from e
        return cls(list(items), nets[0], cfg, nets[1:])
