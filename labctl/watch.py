"""`labctl watch`: the lab seen live through its balancer, while someone breaks it.

Three parts, apart so each can be tested alone:

- the sampler: one request through the balancer is one `Sample` (who answered, or the status
  code, or why nothing came), each with a short deadline so a hung member costs "timeout"
  samples, never a frozen view;
- the aggregate: pure functions from samples to a `Window` (shares, latency) and, with what the
  monitor saw (balancer-manager, active faults, new error-log lines), to a `Snapshot`;
- the loop (`watch`): requests at a steady rate from a bounded pool of threads, the monitor
  thread refreshing about once a second, a snapshot handed to the caller every interval.

Rendering is labctl/watchview.py's. Nothing here changes the lab: no lock, no journal, no
service call; every failure (a host stopped, the balancer restarted, the lab destroyed) is
something to show, not a reason to stop.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from labctl import faults
from labctl.control import OpenLab
from labctl.errors import LabctlError, ProbeError
from labctl.faults import ActiveFault
from labctl.hostreader import HostReader, Unread
from labctl.i18n import tr
from labctl.probe import ManagerPage, Probe
from labctl.shield import uninterruptible

MAX_RATE = 50.0  # requests a second: a live view, not a load test
DEADLINE = 2.0  # seconds a request may take before it counts as "timeout"
MAX_IN_FLIGHT = 16  # requests waiting at once; beyond, a request is skipped, not queued
STRIP = 60  # replies kept for the strip
LOG_LINES = 5  # error-log lines kept for the view
MONITOR_EVERY = 1.0  # seconds between two readings of the manager, the faults and the log


@dataclass(frozen=True)
class Sample:
    """One request through the balancer."""

    t: float  # seconds from the start of the watch to when the request was sent
    server: int | None  # N of "Server N" on a 200 page, else None
    status: int | None  # the HTTP status, None when no answer came
    latency: float  # seconds until the answer, or until the request gave up
    error: str | None = None  # "timeout", "refused" or "error" when no answer came

    @property
    def label(self) -> str:
        """What the strip shows: "1"/"2" for the server, else the status code or the error."""
        if self.error is not None:
            return self.error
        if self.status == 200 and self.server is not None:
            return str(self.server)
        return str(self.status)


def request(probe: Probe, t: float) -> Sample:
    """One GET / through the balancer, as a sample; never raises for the lab's failures."""
    begun = time.monotonic()
    try:
        reply = probe.get("/")
    except ProbeError as exc:
        return Sample(t, None, None, time.monotonic() - begun, _failure(exc))
    server = reply.server if reply.status == 200 else None
    return Sample(t, server, reply.status, time.monotonic() - begun)


def _failure(exc: ProbeError) -> str:
    cause = exc.__cause__
    if isinstance(cause, TimeoutError):
        return "timeout"
    if isinstance(cause, ConnectionRefusedError):
        return "refused"
    return "error"


# --- the aggregate (pure) ----------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The last samples: who took what share, and how long answers took."""

    size: int  # samples in the window (fewer than asked at the start)
    shares: dict[str, int]  # label -> count, servers first
    median_ms: float | None  # of the answered requests; None when none was answered
    p95_ms: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "shares": self.shares,
            "latency_ms": {"median": self.median_ms, "p95": self.p95_ms},
        }


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0-100] of ``values`` (not empty)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def window(samples: Sequence[Sample], size: int) -> Window:
    """The aggregate of the last ``size`` samples."""
    last = list(samples)[-size:] if size > 0 else []
    counts: dict[str, int] = {}
    for s in last:
        counts[s.label] = counts.get(s.label, 0) + 1
    shares = dict(sorted(counts.items(), key=lambda kv: _label_order(kv[0])))
    answered = [s.latency * 1000 for s in last if s.status is not None]
    if not answered:
        return Window(len(last), shares, None, None)
    return Window(
        len(last), shares, round(percentile(answered, 50), 1), round(percentile(answered, 95), 1)
    )


def _label_order(label: str) -> tuple[int, int, str]:
    """Servers (1, 2) first, then status codes, then the failures."""
    if label.isdigit():
        number = int(label)
        return (0 if number < 100 else 1, number, label)
    return (2, 0, label)


@dataclass(frozen=True)
class MemberView:
    """A member of the balancer as balancer-manager showed it."""

    host: str  # the lab's host name, or the member's URL when it is none of the lab's
    url: str
    status: str  # Apache's words, e.g. "Init Ok"
    state: str  # ok / error / disabled / unknown
    elected: int | None
    busy: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def members_of(page: ManagerPage, names: dict[tuple[str, int], str]) -> tuple[MemberView, ...]:
    """The page's members, named by the lab host at their address (``names``)."""
    return tuple(
        MemberView(names.get((m.host, m.port), m.url), m.url, m.status, m.state, m.elected, m.busy)
        for m in page.members
    )


@dataclass(frozen=True)
class Seen:
    """What the monitor read last: the manager's members (or why not), faults, the log."""

    members: tuple[MemberView, ...] = ()
    manager_error: str | None = None
    faults: tuple[ActiveFault, ...] = ()
    log_error: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """The whole view at one moment: what the renderer draws and `--json` prints."""

    t: float  # seconds since the watch began
    target: str  # the balancer's URL
    rate: float  # requests a second asked for
    sent: int  # requests sent since the start
    skipped: int  # requests not sent because MAX_IN_FLIGHT were still waiting
    replies: tuple[str, ...]  # labels of the samples completed in this interval
    strip: tuple[str, ...]  # labels of the last STRIP samples, oldest first
    window: Window
    seen: Seen
    log: tuple[str, ...]  # error-log lines that appeared in this interval
    log_tail: tuple[str, ...]  # the last LOG_LINES lines seen since the start

    def to_dict(self) -> dict[str, Any]:
        return {
            "t": round(self.t, 2),
            "target": self.target,
            "rate": self.rate,
            "sent": self.sent,
            "skipped": self.skipped,
            "replies": list(self.replies),
            "strip": list(self.strip),
            "window": self.window.to_dict(),
            "members": [m.to_dict() for m in self.seen.members],
            "manager_error": self.seen.manager_error,
            "faults": [f.to_dict() for f in self.seen.faults],
            "log": list(self.log),
            "log_error": self.seen.log_error,
        }


# --- what the monitor reads --------------------------------------------------------------


class Monitor:
    """Reads the manager, the faults and the error log about once a second, in its own
    thread; each read that fails is shown as such and tried again at the next round."""

    def __init__(self, opened: OpenLab, credentials: tuple[str, str]) -> None:
        self.opened = opened
        self.credentials = credentials
        lb = opened.lab.loadbalancer
        self.probe = Probe(*opened.provider.endpoint(lb), timeout=DEADLINE)
        self.names = {opened.provider.endpoint(h): h.name for h in opened.lab.hosts}
        self.seen = Seen()
        self._new_lines: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="labctl-watch-monitor")
        self._reader: HostReader | None = None
        self._log_path: str | None = None
        self._mark: int | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ends the thread (if it runs) and closes the balancer's transport (an SSH session)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._reader is not None:
            self._reader.transport.close()

    def drain(self) -> list[str]:
        """The error-log lines read since the last call."""
        with self._lock:
            lines, self._new_lines = self._new_lines, []
        return lines

    def _run(self) -> None:
        while not self._stop.is_set():
            begun = time.monotonic()
            self.read_once()
            self._stop.wait(max(0.0, MONITOR_EVERY - (time.monotonic() - begun)))

    def read_once(self) -> None:
        members, manager_error = self._manager()
        # labctl.faults reads its record as "no fault" when it is unreadable: it is written
        # before a fault is made, so an unreadable one was cut short before anything happened.
        active = tuple(faults.active(self.opened.state_dir))
        lines, log_error = self._log()
        with self._lock:
            self.seen = Seen(members, manager_error, active, log_error)
            self._new_lines += lines

    def _manager(self) -> tuple[tuple[MemberView, ...], str | None]:
        try:
            page = self.probe.manager(self.credentials)
        except LabctlError as exc:
            return (), str(exc)
        if page.status != 200:
            return (), tr("watch.manager-status", status=page.status)
        return members_of(page, self.names), None

    def _log(self) -> tuple[list[str], str | None]:
        try:
            if self._reader is None or self._log_path is None:
                lb = self.opened.lab.loadbalancer
                self._log_path = self.opened.provider.paths(lb).error_log
                self._reader = HostReader(self.opened.provider.transport(lb))
            got = self._reader.follow(self._log_path, self._mark or 0)
        except (LabctlError, OSError) as exc:
            return [], str(exc)
        if isinstance(got, Unread):
            return [], f"{got.path}: {got.reason}"
        mark, text = got
        first, self._mark = self._mark is None, mark
        if first:  # what was there before the watch began is not news
            return [], None
        return [line for line in text.splitlines() if line.strip()], None


# --- the loop ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    rate: float = 4.0
    duration: float | None = None  # seconds; None: until Ctrl-C
    window: int = 20
    interval: float = 1.0  # seconds between two snapshots


def check_options(rate: float, duration: float | None, size: int) -> None:
    """Refuse what would make watch a load test or never show anything (one line, exit 2)."""
    if not (0 < rate <= MAX_RATE) or math.isnan(rate):
        raise LabctlError(tr("watch.bad-rate", value=rate, most=int(MAX_RATE)))
    if duration is not None and (not duration > 0 or math.isinf(duration)):
        raise LabctlError(tr("watch.bad-duration", value=duration))
    if not 2 <= size <= 1000:
        raise LabctlError(tr("watch.bad-window", value=size))


@dataclass
class _Samples:
    """Samples as the request threads complete them, collected by the loop."""

    history: deque[Sample]
    pending: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.pending.append(sample)
            self.in_flight -= 1

    def take(self) -> list[Sample]:
        with self.lock:
            new, self.pending = self.pending, []
        self.history.extend(new)
        return new


def snapshot(
    t: float,
    target: str,
    options: Options,
    counts: tuple[int, int],
    new: Sequence[Sample],
    history: Iterable[Sample],
    seen: Seen,
    log: Sequence[str],
    log_tail: Sequence[str],
) -> Snapshot:
    """Everything the view shows at ``t``, from what the loop collected."""
    past = list(history)
    return Snapshot(
        t,
        target,
        options.rate,
        counts[0],
        counts[1],
        tuple(s.label for s in new),
        tuple(s.label for s in past[-STRIP:]),
        window(past, options.window),
        seen,
        tuple(log),
        tuple(log_tail),
    )


def watch(opened: OpenLab, options: Options, emit: Callable[[Snapshot], None]) -> tuple[float, int]:
    """Watch until ``options.duration`` is over or Ctrl-C; ``emit`` gets a snapshot every
    interval. Returns the seconds watched and the requests sent. Every thread it started has
    ended when it returns, however it ends."""
    credentials = opened.credentials()
    address, port = opened.provider.endpoint(opened.lab.loadbalancer)
    probe = Probe(address, port, timeout=DEADLINE)
    target = probe.base + "/"
    monitor = Monitor(opened, credentials)
    samples = _Samples(deque(maxlen=max(STRIP, options.window)))
    log_tail: deque[str] = deque(maxlen=LOG_LINES)
    pool = ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT, thread_name_prefix="labctl-watch")
    start = time.monotonic()
    sent = skipped = 0

    def one(t: float) -> None:
        samples.add(request(probe, t))

    monitor.start()
    try:
        next_send, next_emit = start, start + options.interval
        end = start + options.duration if options.duration is not None else math.inf
        while True:
            now = time.monotonic()
            if now >= next_emit:
                new = samples.take()
                lines = monitor.drain()
                log_tail.extend(lines)
                counts = (sent, skipped)
                emit(
                    snapshot(next_emit - start, target, options, counts, new,
                             samples.history, monitor.seen, lines, log_tail)
                )  # fmt: skip
                next_emit += options.interval
                continue
            if now >= end:
                break
            if now >= next_send:
                if samples.in_flight < MAX_IN_FLIGHT:
                    with samples.lock:
                        samples.in_flight += 1
                    pool.submit(one, next_send - start)
                    sent += 1
                else:
                    skipped += 1
                # A machine that slept (a closed laptop) does not make up for it in a burst.
                next_send = max(next_send + 1 / options.rate, now - 1 / options.rate)
                continue
            time.sleep(max(0.0, min(next_send, next_emit, end) - now))
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a live view is meant to end
    finally:
        try:
            # The requests still waiting end by their deadline; a second Ctrl-C waits too.
            with uninterruptible():
                pool.shutdown(wait=True, cancel_futures=True)
                monitor.stop()
        except KeyboardInterrupt:
            pass
    return time.monotonic() - start, sent
