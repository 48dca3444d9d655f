from pathlib import Path

import pytest

from kzbrief.content.yamlio import YamlReadError, read_yaml


def load(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "x.yaml")


def test_dates_and_yes_no_stay_strings(tmp_path):
    data = load(tmp_path, "date: 2024-12-09\nanswer: no\nflag: true\ncount: 3\n")
    assert data == {"date": "2024-12-09", "answer": "no", "flag": True, "count": 3}


def test_lines_are_remembered(tmp_path):
    data = load(tmp_path, "- id: a\n  name: x\n\n- id: b\n  name: y\n")
    assert data.line_of(1) == 4
    assert data[1].line_of("name") == 5


def test_duplicate_key_is_an_error_with_its_line(tmp_path):
    with pytest.raises(YamlReadError) as info:
        load(tmp_path, "id: a\nname: x\nname: y\n")
    problem = info.value.problem
    assert (problem.path, problem.line, problem.field) == ("x.yaml", 3, "yaml")
    assert "duplicate key 'name' (first on line 2)" in problem.message


def test_syntax_error_names_the_line(tmp_path):
    with pytest.raises(YamlReadError) as info:
        load(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.problem.line in (2, 3)
