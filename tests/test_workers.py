"""The default number of build workers: cores, capped by the memory available."""

from __future__ import annotations

from pathlib import Path

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


# ---------------------------------------------------------------- jobs on a pool: one format each
def test_pool_jobs_are_one_format_each_longest_first():
    from kzbrief.build import _Job, one_format_each

    jobs = [_Job(None, Path("out"), "2024-12", lang, {"docx": {"a": "1"}, "html": {"b": "2"}, "pdf": {"c": "3"}},
                 draft=False) for lang in ("fr", "en")]
    split = one_format_each(jobs)
    assert [(j.lang, list(j.deps)) for j in split] == [
        ("fr", ["pdf"]), ("en", ["pdf"]), ("fr", ["html"]), ("en", ["html"]), ("fr", ["docx"]), ("en", ["docx"])]
    assert split[0].deps == {"pdf": {"c": "3"}} and split[-1].deps == {"docx": {"a": "1"}}
    # the first job of a language draws the charts of all its formats (laid out once); the others
    # draw only their own kind, and only if it is not cached yet
    assert [j.chart_kinds for j in split] == [("svg", "png")] * 2 + [("svg",)] * 2 + [("png",)] * 2


def test_split_jobs_write_the_same_bytes_and_draw_each_chart_kind_once(mini, tmp_path):
    """Two workers render one language's PDF and DOCX as separate jobs: same bytes as one job,
    and the chart cache holds exactly one SVG and one PNG per chart (nothing drawn twice)."""
    from kzbrief.build import BuildRequest, run_build

    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs-{jobs}"
        run_build(BuildRequest(root=mini, periods=["2024-12"], langs=["en"], formats=["pdf", "docx"], jobs=jobs,
                               out=out))
        outputs[jobs] = {p.name: p.read_bytes() for p in (out / "2024-12").iterdir() if p.suffix in (".pdf", ".docx")}
        cache = sorted(p.name for p in (out / ".cache" / "charts").iterdir())
        svgs = [n for n in cache if n.endswith(".svg")]
        assert svgs and sorted(n for n in cache if n.endswith(".png")) == [n[:-4] + ".png" for n in svgs]
        assert sorted(n for n in cache if n.endswith(".sha256")) == sorted(f"{n}.sha256" for n in cache
                                                                          if not n.endswith(".sha256"))
    assert sorted(outputs[1]) == ["kzbrief-2024-12-en.docx", "kzbrief-2024-12-en.pdf"]
    assert outputs[1] == outputs[2]
    pdf_only = tmp_path / "pdf-only"
    run_build(BuildRequest(root=mini, periods=["2024-12"], langs=["en"], formats=["pdf"], jobs=2, out=pdf_only))
    assert not list((pdf_only / ".cache" / "charts").glob("*.png"))
