"""The default number of build workers: cores, capped by the memory available."""

from __future__ import annotations

from kzbrief import workers


def test_one_worker_per_core_when_memory_is_plentiful(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 8)
    monkeypatch.setattr(workers, "available_memory", lambda: 64 * 2**30)
    assert workers.default_jobs() == 8


def test_memory_caps_the_workers(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 8)
    monkeypatch.setattr(workers, "available_memory", lambda: 3 * workers.WORKER_MEMORY + 1)
    assert workers.default_jobs() == 3


def test_always_at_least_one_worker(monkeypatch):
    monkeypatch.setattr(workers, "available_memory", lambda: 10 * 2**20)
    assert workers.default_jobs() == 1


def test_unknown_memory_means_cores(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 4)
    monkeypatch.setattr(workers, "available_memory", lambda: None)
    assert workers.default_jobs() == 4


def test_this_machine_reports_its_memory():
    memory = workers.available_memory()
    assert memory is None or memory > 0
    assert 1 <= workers.default_jobs() <= workers.cores()
