"""`rec chat`: a conversation in the terminal over the Recommender façade.

Each line the user types is one turn of the same LangGraph thread, so follow-ups
("only older ones", "not that one") refine the plan. Lines starting with `/` are
commands on the last list. Ctrl-C during a turn cancels that turn only (the
thread is restored to before it); Ctrl-C at the prompt clears the line; Ctrl-D
or /quit ends the session. Input history persists in REC_HOME/chat_history.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rec.errors import InputError, RecError
from rec.recommender import Recommender
from rec.schema import Plan, RecItem, RecRequest, RecResponse

HELP = """commands:
  /why N       why item N was recommended: the explanation, its facts, the evidence
  /like N      you like item N: recorded, and the next turns look for more like it
  /dislike N   you dislike item N: recorded, and it never comes back in this chat
  /reset       start a new conversation (the plan starts from scratch)
  /trace       what each agent did in the last turn (timings, model calls, filters)
  /help        this text
  /quit        leave (Ctrl-D too); Ctrl-C cancels a running turn"""


@contextlib.contextmanager
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt while the REPL runs, whatever the parent left: Python keeps SIGINT
    ignored when it started ignored (any `cmd &` of a non-interactive shell, nohup), and the REPL's promise
    (Ctrl-C cancels the turn, not the session) would silently not hold. Restored on leaving; a no-op off
    the main thread (embedded uses)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


class ChatSession:
    """The REPL's state and commands; `run` reads lines from `read` until the user leaves."""

    def __init__(self, rec: Recommender, console: Console, *, user_id: str | None = None, k: int = 5,
                 thread_id: str | None = None):
        self.rec, self.console, self.user_id, self.k = rec, console, user_id, k
        self.thread_id = thread_id or uuid.uuid4().hex[:12]
        self.last: RecResponse | None = None

    def run(self, read: Callable[[str], str]) -> None:
        with ctrl_c():
            self._loop(read)

    def _loop(self, read: Callable[[str], str]) -> None:
        self.console.print(f"[bold]rec chat[/] — thread {escape(self.thread_id)} "
                           f"(resume with --thread {escape(self.thread_id)}); /help for commands")
        while True:
            try:
                line = read("you> ").strip()
            except EOFError:
                self.console.print()
                return
            except KeyboardInterrupt:
                self.console.print("^C")
                continue
            if not line:
                continue
            if line.startswith("/"):
                if not self.command(line):
                    return
            else:
                self.turn(line)

    def turn(self, text: str) -> None:
        """One turn, shown as it happens: the plan, the list the moment it is ranked, then each explanation
        as the model finishes it (or the answer, for a question about the list)."""
        request = RecRequest(query=text, user_id=self.user_id, k=self.k, thread_id=self.thread_id)
        shown: list[dict] = []
        try:
            with self.console.status("thinking… (Ctrl-C cancels this turn)") as status:
                for event in self.rec.stream(request):
                    if event["event"] == "plan":
                        self._plan_line(Plan.model_validate(event["plan"]))
                    elif event["event"] == "list":
                        status.stop()
                        shown = event["items"]
                        self._list(shown)
                    elif event["event"] == "explanation":
                        self._why_line(shown, event)
                    elif event["event"] == "done":
                        response, log_shown = event["response"], event["log_shown"]
        except KeyboardInterrupt:
            self.console.print("[yellow]cancelled[/]: the conversation is as it was before this turn")
            return
        except RecError as e:
            self.console.print(f"[red]error:[/] {escape(str(e))}")
            return
        log_shown()
        self.last = response
        self._show(response, listed=bool(shown))

    def _list(self, items: list[dict]) -> None:
        for n, item in enumerate(items, 1):
            self.console.print(f"{n:>2}. {escape(item.get('label') or item['title'])}")

    def _why_line(self, shown: list[dict], event: dict) -> None:
        n = next((i for i, item in enumerate(shown, 1) if item["item_id"] == event["item_id"]), None)
        if n is not None:
            self.console.print(f"[dim]{n:>2}. why: {escape(event['text'])}[/]")

    def command(self, line: str) -> bool:
        """Run one /command; False means leave."""
        name, _, arg = line[1:].partition(" ")
        name = name.lower()
        if name in ("quit", "exit", "q"):
            return False
        handlers = {"why": self._why, "like": self._feedback, "dislike": self._feedback}
        try:
            if name in handlers:
                handlers[name](self._item(arg), name)
            elif name == "reset":
                self.thread_id, self.last = uuid.uuid4().hex[:12], None
                self.console.print(f"new conversation: thread {escape(self.thread_id)}")
            elif name == "trace":
                self._trace()
            elif name == "help":
                self.console.print(HELP, markup=False)
            else:
                self.console.print(f"unknown command /{escape(name)}; /help lists them")
        except RecError as e:
            self.console.print(f"[red]error:[/] {escape(str(e))}")
        return True

    def _item(self, arg: str) -> RecItem:
        if self.last is None or not self.last.items:
            raise InputError("no list yet: ask for something first")
        n = len(self.last.items)
        if not arg.strip().isdigit() or not 1 <= int(arg) <= n:
            raise InputError(f"give an item number from the last list, 1 to {n} (e.g. /why 1)")
        return self.last.items[int(arg) - 1]

    def _plan_line(self, plan: Plan) -> None:
        said = [f"{c.field} {c.op} {c.value}" for c in plan.hard_constraints]
        said += [f"like {t}" for t in plan.reference_items] + [f"not {t}" for t in plan.exclusions]
        self.console.print(f"[dim]{escape(plan.intent)}: {escape(plan.query)}"
                           f"{escape(' | ' + '; '.join(said)) if said else ''}[/]")

    def _show(self, response: RecResponse, listed: bool = False) -> None:
        """What the turn did, after its list (already printed as it came, when `listed`)."""
        if response.answer and not response.items:
            self.console.print(escape(response.answer))
            return
        if not response.items:
            self.console.print(escape(response.note or "Nothing matched; try asking differently."))
            return
        if not listed:
            self._list([i.model_dump() for i in response.items])
        timing = " · ".join(f"{t['node']} {t['seconds']:.1f}s" for t in response.trace)
        self.console.print(f"[dim]{escape(timing)}[/]")

    def _why(self, item: RecItem, _: str) -> None:
        facts = "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                          for k, v in item.metadata.items() if k not in ("title", "kind", "_hash"))
        evidence = ", ".join(f"{k} {v:.3f}" for k, v in item.scores.items()) or "none recorded"
        self.console.print(f"[bold]{escape(item.title)}[/] (id {escape(item.item_id)}, score {item.score:.3f})\n"
                           f"  why:      {escape(item.explanation or '-')}\n  facts:    {escape(facts or '-')}\n"
                           f"  evidence: {escape(evidence)}")

    def _feedback(self, item: RecItem, event: str) -> None:
        assert self.last is not None
        self.rec.feedback(self.last.id, item.item_id, event)
        effect = "more like it from now on" if event == "like" else "it will not come back in this chat"
        self.console.print(f"noted: you {event}d {escape(item.title)}; {effect}")

    def _trace(self) -> None:
        if self.last is None:
            self.console.print("no turn yet")
            return
        table = Table("node", "seconds", "model calls", "tokens (prompt/completion)", "details")
        for entry in self.last.trace:
            rest = {k: v for k, v in entry.items() if k not in ("node", "seconds", "model_calls", "prompt_tokens",
                                                               "completion_tokens") and v not in (None, [], {})}
            tokens = f"{entry.get('prompt_tokens', '-')}/{entry.get('completion_tokens', '-')}"
            table.add_row(entry["node"], f"{entry['seconds']:.2f}", str(entry.get("model_calls", 0)), tokens,
                          escape(json.dumps(rest, default=str)))
        self.console.print(table)


@contextlib.contextmanager
def line_history(path: Path) -> Iterator[None]:
    """Arrow-key history across sessions (readline, where the platform has it)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        yield
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)
