"""Reading notes into `NoteDoc`s: one at a time, or many at once in worker processes.

`read_one` reads and parses one note and says what went wrong, if anything, as a `Problem`
on the note. `read_many` does the same for a list of notes, spread over the machine's
cores when there are enough of them to pay for starting the workers (a cold scan): the
workers (spawned, one per further core) take the largest notes first, read, parse and
JSON-encode them (the parse cache's format, never pickle); this process reads the smallest
ones meanwhile and decodes what the workers send. A decoded note equals the one parsed
here (tests/test_cache.py checks it), so where a note was parsed never changes a result.
If worker processes cannot be started or die, the rest is read here.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vaultgoals.core.codec import decode, encode
from vaultgoals.core.config import Config
from vaultgoals.core.model import NoteDoc, Problem
from vaultgoals.store.files import read_regular

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# A larger "note" is reported, not read. What a note costs in memory follows its list items
# (~80 MB per MB of text that is all tasks), which the scanner caps per note; bytes alone
# (deep indentation, long lines) stay within a few times the file's size.
MAX_NOTE_BYTES = 64 * 1024 * 1024
# Fewer notes than this to parse are read in this process: a worker takes ~0.1 s to start.
PARALLEL_MIN_NOTES = 300
_CHUNK_BYTES = 256 * 1024  # a worker's unit of work: notes up to this many bytes together
_CHUNK_NOTES = 200

Reader = Callable[[str, bytes], NoteDoc]


def _scanner(config: Config | None = None) -> Reader:
    """The default reader: a note as vaultgoals reads it under `config` (core/noteread.py;
    None: the defaults). Imported when first needed: a warm start parses nothing."""
    from vaultgoals.core.noteread import read_as_vaultgoals  # lazy: a warm start parses nothing

    return functools.partial(read_as_vaultgoals, config=config or Config())


@dataclass(slots=True)
class Loaded:
    """What reading one note gave: its doc (None when it could not be read), a problem
    reading it, and whether its stamp stands (False: read it again on the next scan)."""

    doc: NoteDoc | None
    problem: Problem | None = None
    keep_stamp: bool = True
    encoded: str | None = None  # the doc in the parse cache's format, when a worker sent it


def read_one(root: Path, rel: str, size: int, reader: Reader | None = None,
             config: Config | None = None) -> Loaded:
    """Read and parse the note at vault-relative `rel` (`size`: its size when walked),
    slimmed (`NoteDoc.slim`), with `reader` (default: as vaultgoals reads it under
    `config`, core/noteread.py)."""
    if size > MAX_NOTE_BYTES:
        return Loaded(None, Problem(rel, 1, f"note is {size // (1024 * 1024)} MiB, larger "
                                    f"than {MAX_NOTE_BYTES // (1024 * 1024)} MiB; skipped"))
    try:
        data = read_regular(root / rel, limit=MAX_NOTE_BYTES)
        if data is None:
            raise FileNotFoundError(errno.ENOENT, "deleted while being read")
    except OSError as exc:
        return Loaded(None, Problem(rel, 1, f"cannot be read: {exc.strerror or exc}"),
                      keep_stamp=False)
    try:
        return Loaded((reader or _scanner(config))(rel, data).slim())
    except Exception as exc:  # a bug in one note's processing must not stop the rest
        return Loaded(None, Problem(rel, 1, f"could not be read ({type(exc).__name__}: "
                                    f"{exc}); please report this note's shape"))


# what a worker sends back per note: (rel, encoded doc or None, problem line, message, keep)
_Sent = tuple[str, str | None, int, str, bool]


def _worker_start() -> None:
    """In a worker process: Ctrl-C is for the main process, which stops the workers; a
    worker that took it too would print a traceback. And no cyclic garbage collector: a
    worker's records hold no cycles and are freed as each chunk is sent (with it, a worker
    parsed at about half speed; see `pipeline.bulk`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while worker processes may be started: a worker inherits the
    blocked signal, so it never gets one, even before `_worker_start` runs (a worker
    interrupted while starting up prints a traceback); here it arrives right after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _read_chunk(root: str, chunk: list[tuple[str, int]],
                config: Config | None) -> list[_Sent]:
    """In a worker process: read, parse and encode a chunk of notes."""
    out: list[_Sent] = []
    base, parse = Path(root), _scanner(config)
    for rel, size in chunk:
        got = read_one(base, rel, size, parse)
        blob = encode(got.doc) if got.doc is not None else None
        p = got.problem
        out.append((rel, blob, p.line if p else 0, p.message if p else "", got.keep_stamp))
    return out


def _received(sent: _Sent) -> tuple[str, Loaded]:
    rel, blob, line, message, keep = sent
    doc = decode(rel, blob) if blob is not None else None
    return rel, Loaded(doc, Problem(rel, line, message) if message else None, keep, blob)


def _chunks(notes: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Largest notes first, grouped into chunks of about `_CHUNK_BYTES`."""
    out: list[list[tuple[str, int]]] = []
    cur: list[tuple[str, int]] = []
    nbytes = 0
    for rel, size in sorted(notes, key=lambda n: (-n[1], n[0])):
        cur.append((rel, size))
        nbytes += size
        if nbytes >= _CHUNK_BYTES or len(cur) >= _CHUNK_NOTES:
            out.append(cur)
            cur, nbytes = [], 0
    if cur:
        out.append(cur)
    return out


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_many(
    root: Path,
    notes: Iterable[tuple[str, int]],
    reader: Reader | None = None,
    on_each: Callable[[], None] | None = None,
    workers: int | None = None,
    on_batch: Callable[[list[tuple[str, Loaded]]], None] | None = None,
    config: Config | None = None,
) -> dict[str, Loaded]:
    """Read many notes (vault-relative path, size): here, and in one worker process per
    further core when there are at least PARALLEL_MIN_NOTES of them and the reader is the
    default one (None); `workers` overrides how many (0: none). `on_each` is called once per note
    read; `on_batch` with each batch of notes read, while the rest are still being read
    (what it does there is shared out like the reading: the workers take more chunks).
    `config`: the settings the default reader reads under."""
    todo = list(notes)
    # this process reads too (and decodes what the workers send): one worker per other core
    n_workers = usable_cpus() - 1 if workers is None else workers
    if workers is None and len(todo) < PARALLEL_MIN_NOTES:
        n_workers = 0
    if reader is not None:
        n_workers = 0
    out: dict[str, Loaded] = {}
    pending = deque(_chunks(todo))
    parse = reader if reader is not None else _scanner(config) if pending else None

    def here(chunk: list[tuple[str, int]]) -> None:
        batch = []
        for rel, size in chunk:
            got = out[rel] = read_one(root, rel, size, parse)
            batch.append((rel, got))
            if on_each is not None:
                on_each()
        if on_batch is not None:
            on_batch(batch)

    if n_workers == 0 or not pending:
        while pending:
            here(pending.popleft())
        return out
    # (imported here: a warm start, which reads next to nothing, does not pay for them)
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool = ProcessPoolExecutor(max_workers=n_workers, initializer=_worker_start,
                                   mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError):
        while pending:
            here(pending.popleft())
        return out
    inflight: dict[Future[list[_Sent]], list[tuple[str, int]]] = {}
    broken = False
    try:
        while pending or inflight:
            # the workers take the largest notes first; this process takes the smallest
            while not broken and pending and len(inflight) < 2 * n_workers:
                chunk = pending.popleft()
                try:
                    with _sigint_held():  # (a submit may start a worker)
                        inflight[pool.submit(_read_chunk, str(root), chunk, config)] = chunk
                except (BrokenProcessPool, RuntimeError, OSError):
                    pending.appendleft(chunk)
                    broken = True
            if pending:
                here(pending.pop())
                done = [f for f in inflight if f.done()]
            elif inflight:
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)  # type: ignore[assignment]
            else:
                break
            for fut in done:
                chunk = inflight.pop(fut)
                try:
                    sent = fut.result()
                except Exception:  # a worker died or failed: read its chunk here instead
                    broken = True
                    pending.append(chunk)
                    continue
                batch = []
                for item in sent:
                    rel, loaded = _received(item)
                    out[rel] = loaded
                    batch.append((rel, loaded))
                    if on_each is not None:
                        on_each()
                if on_batch is not None:
                    on_batch(batch)
    except BaseException:  # Ctrl-C (or a bug): stop the workers now, then go on raising
        _stop(pool)
        raise
    # Every note is read: the workers are told to exit, and do so while this process goes
    # on (waiting for their teardown would only add to the scan).
    pool.shutdown(wait=False)
    return out


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers at once, then the pool (which then has nothing to wait for;
    `shutdown` fails if it was interrupted while the pool was starting)."""
    processes = getattr(pool, "_processes", None) or {}  # (public API only from 3.14)
    for proc in list(processes.values()):
        with contextlib.suppress(Exception):
            proc.terminate()
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)
