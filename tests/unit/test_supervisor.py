"""A process that dies is started again with back-off, while the others keep running."""

from __future__ import annotations

import sys
import time

from bot.services import Service
from bot.supervisor import Job, Supervisor


def _sleeper(name: str) -> Service:
    return Service(name=name, command=[sys.executable, "-c", "import time; time.sleep(60)"], health_url="")


def test_a_dead_process_is_started_again_and_the_others_keep_running(tmp_path):
    dying, steady = _sleeper("dying"), _sleeper("steady")
    for service in (dying, steady):
        service.start(tmp_path)
    steady_pid = steady.process.pid
    supervisor = Supervisor([dying, steady], say=lambda _: None, min_delay=0.1)
    try:
        dying.process.kill()
        dying.process.wait()
        deadline = time.monotonic() + 10
        while supervisor.restarts == 0 and time.monotonic() < deadline:
            supervisor.check()
            time.sleep(0.05)
        assert dying.is_running() and supervisor.restarts == 1
        assert steady.process.pid == steady_pid
    finally:
        dying.stop()
        steady.stop()


def test_the_delay_doubles_up_to_its_maximum():
    supervisor = Supervisor([], say=lambda _: None, min_delay=1, max_delay=30)
    assert [supervisor.delay(n) for n in (1, 2, 3, 6, 10)] == [1, 2, 4, 30, 30]


def test_a_long_job_runs_beside_the_watch_loop_and_its_outcome_is_reported():
    said: list[str] = []
    job = Job("slow job", [sys.executable, "-c", "import time; time.sleep(1); print('klaar')"], interval=0)
    supervisor = Supervisor([], say=said.append, jobs=[job])
    started = time.monotonic()
    supervisor.check()
    assert time.monotonic() - started < 0.5 and job.process is not None
    job.process.wait(timeout=10)
    supervisor.check()
    assert said[0] == "slow job: exit code 0. klaar"
    supervisor.stop_jobs()
