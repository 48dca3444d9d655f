import os
from pathlib import Path

import pytest
import yaml

from kzbrief.content import yamlio
from kzbrief.content.yamlio import LineDict, LineList, YamlReadError, read_yaml
from kzbrief.files import MAX_READ_BYTES

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def loader(request, monkeypatch):
    """Every test here runs with libyaml's parser (what builds use) and the pure-Python one."""
    if request.param == "python":
        monkeypatch.setattr(yamlio, "_StrictLoader", yamlio.PURE_LOADER)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    return request.param


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


def with_lines(node):
    """A value with every line mark it carries, for comparing two loaders."""
    if isinstance(node, LineDict):
        return ("map", node.line, {k: (node.line_of(k), with_lines(v)) for k, v in node.items()})
    if isinstance(node, LineList):
        return ("seq", node.line, [(node.line_of(i), with_lines(v)) for i, v in enumerate(node)])
    return node


def test_libyaml_gives_the_same_data_and_lines_as_python(loader):
    files = sorted((REPO / "content").rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yaml.load(text, Loader=yamlio._StrictLoader)  # noqa: S506 - strict SafeLoader subclass
        assert with_lines(fast) == with_lines(yaml.load(text, Loader=yamlio.PURE_LOADER)), path.name  # noqa: S506


# ---------------------------------------------------------------- hostile YAML (issue 15)
def problem_of(tmp_path: Path, text: str):
    with pytest.raises(YamlReadError) as info:
        load(tmp_path, text)
    return info.value.problem


def test_yaml_11_numbers_stay_text(tmp_path):
    data = load(tmp_path, "a: 20:30\nb: 017\nc: 0x1F\nd: 0b101\ne: 12\nf: 1.5\ng: -3\nh: 1e3\n")
    assert data == {"a": "20:30", "b": "017", "c": "0x1F", "d": "0b101", "e": 12, "f": 1.5, "g": -3, "h": 1000.0}


def test_deep_nesting_is_one_clear_problem(tmp_path):
    for text in ("a: " + "[" * 1200 + "]" * 1200 + "\n", "a: " + "[" * 60 + "]" * 60 + "\n"):
        problem = problem_of(tmp_path, text)
        assert problem.field == "yaml" and "nested more than" in problem.message


def test_aliases_and_tags_are_refused(tmp_path):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "aliases" in problem_of(tmp_path, bomb).message
    assert "'!tag' is not allowed" in problem_of(tmp_path, "a: !!python/object:os.system x\n").message


@pytest.mark.parametrize("text, line, words", [
    ("a:\n\t- b\n", 2, "a tab: indent with spaces"),
    ("a: b: c\n", 1, "put a text containing ': ' in quotes"),
    ("a: 'x\n", 2, "quotation mark or bracket is never closed"),
    ("- id: x\n  label: {fr: a\n", 3, "is not closed"),
    ("a:\n  - b\n c: 1\n", 3, "indented differently"),
    ("a: @x\n", 1, "'@' cannot start a value: put the text in quotes"),
])
def test_yaml_errors_in_plain_words(tmp_path, text, line, words):
    problem = problem_of(tmp_path, text)
    assert problem.line == line and words in problem.message, problem
    assert "while scanning" not in problem.message and "<block" not in problem.message


def test_special_and_huge_files_are_refused(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(YamlReadError) as info:
        read_yaml(fifo, "pipe.yaml")  # would block forever if opened as a file
    assert "is a named pipe, not a file" in info.value.problem.message
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(MAX_READ_BYTES + 1)
    with pytest.raises(YamlReadError) as info:
        read_yaml(big, "big.yaml")
    assert "larger than" in info.value.problem.message


def test_yaml_symlink_leaving_the_project_is_refused(tmp_path):
    (tmp_path / "outside.yaml").write_text("a: 1\n")
    (tmp_path / "project").mkdir()
    (tmp_path / "project/x.yaml").symlink_to(tmp_path / "outside.yaml")
    with pytest.raises(YamlReadError) as info:
        read_yaml(tmp_path / "project/x.yaml", "x.yaml", tmp_path / "project")
    assert "leads outside" in info.value.problem.message
