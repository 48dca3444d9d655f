from pathlib import Path

import pytest
import yaml

from kzbrief.content import yamlio
from kzbrief.content.yamlio import LineDict, LineList, YamlReadError, read_yaml

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
