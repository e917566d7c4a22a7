"""Heavy work of the web app, off the event loop and a bounded number at a time.

A briefing (PDF, PPTX, and the charts every format draws) takes seconds of CPU, much of it in
extensions that keep the GIL (the chart renderer, WeasyPrint): run in the server's own threads
it stalled every other request (``/api/v1/sg`` took 16 s while four PDFs rendered). So briefings
of the packaged data are rendered in one worker *process* (spawned once, at lower priority, a
new one after some renderings so its memory stays bounded; ended with the server), one at a time; the others queue.
An Atlas built from other data (tests, a custom app) cannot be rebuilt in the worker, so it is
rendered in a thread, one at a time.

The first question about a place decodes the world geometry (about a second, 105 MB):
:func:`geometry` does it once, in a worker thread, while the event loop keeps serving;
concurrent first questions wait for that one load (:mod:`natoatlas.kb.geo` holds the lock).

What is loaded once (the Atlas, the app, the geometry) lives as long as the server: :func:`settle`
moves it out of the garbage collector's reach, as the app is made and after the geometry loads.
Why: a full collection walked all of it, stopping every request for 100–500 ms on this machine
(the p99 of the mixed load and of ``/api/v1/sg`` while PDFs render).
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import datetime as dt
import gc
import multiprocessing
import multiprocessing.pool
import os
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.to_thread

from natoatlas.atlas import Atlas
from natoatlas.kb import geo

__all__ = ["Job", "briefing", "briefing_job", "geometry", "settle"]

#: Renderings at once (each one keeps a core busy); a worker is replaced after this many.
RENDER_AT_ONCE = 1
RENDERS_PER_WORKER = 25

#: A rendering takes seconds (a PDF about 10 s of CPU); one that takes this long has been lost.
RENDER_TIMEOUT_S = 600.0

_pool: multiprocessing.pool.Pool | None = None
_pool_lock = threading.Lock()
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, anyio.CapacityLimiter]] = (
    weakref.WeakKeyDictionary()
)


def _limiter(name: str, tokens: int) -> anyio.CapacityLimiter:
    """A limiter of this event loop (a limiter must not outlive the loop it waits on)."""
    per_loop = _limiters.setdefault(asyncio.get_running_loop(), {})
    if name not in per_loop:
        per_loop[name] = anyio.CapacityLimiter(tokens)
    return per_loop[name]


def settle(collect: bool = True) -> None:
    """Move every object alive now to the collector's permanent generation (:func:`gc.freeze`):
    loaded once and kept, it is never walked again by a full collection. ``collect`` first
    (at start-up; not while serving, where the collection itself would stop every request)."""
    if collect:
        gc.collect()
    gc.freeze()


async def geometry() -> None:
    """Make sure the country geometry is loaded, loading it off the event loop if not.

    A FastAPI dependency: routes that look up places declare it, so their first request waits
    here without holding a thread of the pool.
    """
    if not geo.ready():
        await anyio.to_thread.run_sync(geo.load, limiter=_limiter("geometry", 1))
        settle(collect=False)


async def briefing(atlas: Atlas, day: dt.date, lang: str, sections: tuple[str, ...], fmt: str) -> bytes:
    """The briefing of ``day`` as the bytes of ``fmt`` (``pptx``, ``pdf``, ``html``, ``md``)."""
    fmt = "markdown" if fmt == "md" else fmt
    if _is_packaged(atlas):
        return await _in_process(day, lang, sections, fmt)
    return await anyio.to_thread.run_sync(
        _render, atlas, day, lang, sections, fmt, limiter=_limiter("render", RENDER_AT_ONCE)
    )


def _render(atlas: Atlas, day: dt.date, lang: str, sections: tuple[str, ...], fmt: str) -> bytes:
    from natoatlas.render.briefing import build
    from natoatlas.render.writers import render

    return render(build(atlas, on=day, lang=lang, sections=sections), fmt)


def _render_packaged(day: dt.date, lang: str, sections: tuple[str, ...], fmt: str) -> bytes:
    """In the worker process: the packaged Atlas (loaded once there, from the cache) rendered."""
    from natoatlas.atlas import load

    return _render(load(), day, lang, sections, fmt)


def _is_packaged(atlas: Atlas) -> bool:
    """Whether ``atlas`` is the packaged data, which the worker process can load by itself."""
    from natoatlas.atlas import is_packaged

    return is_packaged(atlas)


def _lower_priority() -> None:
    """The worker yields the CPU to the server's requests when both want it."""
    with contextlib.suppress(OSError):
        os.nice(10)


def _workers() -> multiprocessing.pool.Pool:
    """The worker pool, made on first use. Its workers are daemons: when the server exits they
    are ended with it (a queued rendering never holds the exit up, nor is a worker orphaned)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            # spawn: never fork a process that runs threads (the server's pool, uvicorn).
            _pool = multiprocessing.get_context("spawn").Pool(
                RENDER_AT_ONCE, initializer=_lower_priority, maxtasksperchild=RENDERS_PER_WORKER
            )
            atexit.register(_pool.terminate)
        return _pool


def _restart(stuck: multiprocessing.pool.Pool) -> None:
    global _pool
    with _pool_lock:
        if _pool is stuck:
            _pool = None
    stuck.terminate()


async def _in_process(day: dt.date, lang: str, sections: tuple[str, ...], fmt: str) -> bytes:
    """Render in the worker. A worker that died mid-task (killed, out of memory) never answers:
    after ``RENDER_TIMEOUT_S`` the pool is replaced and the request fails, not hangs."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[bytes] = loop.create_future()

    def settle(value: bytes | None, error: BaseException | None) -> None:
        if answer.done():  # the request went away
            return
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(value or b"")

    def done(value: bytes) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(settle, value, None)

    def failed(error: BaseException) -> None:
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, None, error)

    pool = _workers()
    pool.apply_async(_render_packaged, (day, lang, sections, fmt), callback=done, error_callback=failed)
    try:
        return await asyncio.wait_for(answer, RENDER_TIMEOUT_S)
    except TimeoutError:
        _restart(pool)
        raise


# -- briefings as jobs: the page says it is being prepared, then hands the file over ------------

#: Bytes of finished briefings kept for their requests to collect (a PPTX is 1–3 MB, a PDF
#: about 1 MB): least recently used first out; a job still running is always kept.
JOBS_BUDGET = 64 * 2**20
#: A finished job whose file nobody collected is dropped after this long.
JOB_TTL_S = 600.0

_jobs: OrderedDict[tuple[Any, ...], Job] = OrderedDict()
_jobs_lock = threading.Lock()
_threads: concurrent.futures.ThreadPoolExecutor | None = None


@dataclass(eq=False)
class Job:
    """One briefing being rendered (in the worker process, or in a thread for data the worker
    cannot load): asked whether it is done without blocking, from any event loop or thread,
    so that each of a browser's refreshes can ask again."""

    pending: Any  # multiprocessing.pool.AsyncResult or concurrent.futures.Future
    started: float = field(default_factory=time.monotonic)
    size: int = 0

    def done(self) -> bool:
        ready = self.pending.ready() if hasattr(self.pending, "ready") else self.pending.done()
        return bool(ready)

    def result(self) -> bytes:
        """The file's bytes (the rendering's error, raised, if it failed); only once done."""
        if hasattr(self.pending, "ready"):
            value: bytes = self.pending.get(timeout=0)
        else:
            value = self.pending.result(timeout=0)
        return value

    def failed(self) -> bool:
        if not self.done():
            return False
        try:
            self.result()
        except Exception:  # noqa: BLE001 - any failure of the rendering is the job's failure
            return True
        return False

    async def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the job without holding the event loop; whether it is done."""
        deadline = time.monotonic() + seconds
        while not self.done() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return self.done()


def briefing_job(atlas: Atlas, day: dt.date, lang: str, sections: tuple[str, ...], fmt: str) -> Job:
    """The job rendering this briefing: the one already asked for (running or done), or a new
    one started now. Renderings queue one at a time, as :func:`briefing`'s do."""
    fmt = "markdown" if fmt == "md" else fmt
    key = (id(atlas), day, lang, sections, fmt)
    now = time.monotonic()
    with _jobs_lock:
        found = _jobs.get(key)
        if found is not None and not found.done() and now - found.started > RENDER_TIMEOUT_S:
            del _jobs[key]  # its worker was lost (killed, out of memory): a new worker, a new job
            if _pool is not None and _is_packaged(atlas):
                _restart(_pool)
            found = None
        if found is not None and found.done() and (found.failed() or now - found.started > JOB_TTL_S):
            del _jobs[key]
            found = None
        if found is None:
            if _is_packaged(atlas):
                pending: Any = _workers().apply_async(_render_packaged, (day, lang, sections, fmt))
            else:
                pending = _thread_pool().submit(_render, atlas, day, lang, sections, fmt)
            found = _jobs[key] = Job(pending)
        _jobs.move_to_end(key)
        _trim(now)
    return found


def _thread_pool() -> concurrent.futures.ThreadPoolExecutor:
    global _threads
    if _threads is None:
        _threads = concurrent.futures.ThreadPoolExecutor(RENDER_AT_ONCE, thread_name_prefix="briefing")
    return _threads


def _trim(now: float) -> None:
    """Keep the finished jobs within :data:`JOBS_BUDGET` and :data:`JOB_TTL_S` (lock held)."""
    total = 0
    for key, job in list(reversed(_jobs.items())):  # newest first: the oldest go
        if not job.done():
            continue
        if not job.size and not job.failed():
            job.size = len(job.result())
        total += job.size
        if total > JOBS_BUDGET or now - job.started > JOB_TTL_S:
            del _jobs[key]
