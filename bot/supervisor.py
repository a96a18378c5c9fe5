"""Keeps a set of processes running: one that dies is started again with back-off while the others keep serving.

Used by the launcher (``make run``) and the local cluster (``make run-cluster``). A process that keeps dying is
started again after 1, 2, 4 ... up to ``max_delay`` seconds; once it has run for ``stable_after`` seconds its
delay starts from the beginning again. Jobs (e.g. the daily privacy purge) run at a fixed interval.
"""

from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable

from bot.services import Service


@dataclass
class _Watch:
    service: Service
    failures: int = 0
    started_at: float = field(default_factory=time.monotonic)
    restart_at: float | None = None


@dataclass
class Job:
    """A command run every ``interval`` seconds (first run after ``interval``); its last output line is reported.
    It runs beside the watch loop, so a long purge never delays a restart."""

    name: str
    command: list[str]
    interval: float
    next_at: float = 0.0
    process: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.next_at = time.monotonic() + self.interval


class Supervisor:
    def __init__(self, services: list[Service], say: Callable[[str], None], jobs: list[Job] | None = None,
                 min_delay: float = 1.0, max_delay: float = 30.0, stable_after: float = 60.0) -> None:
        self.watches = [_Watch(service) for service in services]
        self.jobs = jobs or []
        self.say = say
        self.min_delay, self.max_delay, self.stable_after = min_delay, max_delay, stable_after
        self.restarts = 0

    def delay(self, failures: int) -> float:
        return min(self.max_delay, self.min_delay * 2 ** max(0, failures - 1))

    def check(self, now: float | None = None) -> None:
        """One round: notice deaths, start what is due, run due jobs."""
        now = time.monotonic() if now is None else now
        for watch in self.watches:
            service = watch.service
            if watch.restart_at is None:
                if service.is_running():
                    if now - watch.started_at >= self.stable_after:
                        watch.failures = 0
                    continue
                watch.failures += 1
                code = service.process.returncode if service.process else None
                watch.restart_at = now + self.delay(watch.failures)
                self.say(f"{service.name} stopped (exit code {code}); starting it again in "
                         f"{watch.restart_at - now:.0f} s. Last log lines ({service.log_path}):\n"
                         f"{service.log_tail(8)}")
            elif now >= watch.restart_at:
                service.stop()
                service.start(append=True)
                watch.started_at, watch.restart_at = now, None
                self.restarts += 1
                self.say(f"{service.name} started again (attempt {watch.failures})")
        for job in self.jobs:
            if job.process is not None and job.process.poll() is not None:
                last = (job.process.communicate()[0].strip().splitlines() or [""])[-1]
                self.say(f"{job.name}: exit code {job.process.returncode}. {last}")
                job.process = None
            if job.process is None and now >= job.next_at:
                job.next_at = now + job.interval
                job.process = subprocess.Popen(job.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                               text=True)

    def stop_jobs(self) -> None:
        for job in self.jobs:
            if job.process is not None and job.process.poll() is None:
                job.process.terminate()
                job.process.wait(timeout=15)

    def run(self, interval: float = 1.0, until: Callable[[], bool] = lambda: False) -> None:
        """Watches until ``until()`` is true (or Ctrl-C)."""
        try:
            while not until():
                self.check()
                time.sleep(interval)
        finally:
            self.stop_jobs()


def stop_on_sigterm() -> None:
    """SIGTERM stops like Ctrl-C (``KeyboardInterrupt``), once: the clean-up that follows is not cut short."""
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, request_stop)
