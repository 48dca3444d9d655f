"""The benchmark's generated corpus stays valid content: `make bench` broke unseen once when a
new validation rule (a dropped judgement must say why) refused its annual edition."""

import importlib.util
from pathlib import Path

from kzbrief.content import load_project

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus.py"


def corpus_module():
    spec = importlib.util.spec_from_file_location("corpus", CORPUS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_corpus_and_its_annual_edition_validate(tmp_path):
    corpus = corpus_module()
    root = tmp_path / "corpus"
    corpus.make_corpus(root, 1)
    period = corpus.make_annual_edition(root)
    project = load_project(root)  # raises ContentError, naming each problem, if invalid
    assert period in project.editions and corpus.event_count(root) > 44
