"""The data files are in their canonical form: re-serialising each gives the same bytes."""

from __future__ import annotations

import pytest

from natoatlas.kb import datafile, shapes
from natoatlas.kb.model import FILES


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_is_canonical(name: str) -> None:
    path = datafile.default_dir() / name
    text = path.read_text(encoding="utf-8")
    records = [shapes.validate(FILES[name], r) for r in datafile.read(path)]
    assert datafile.render(name, records) == text, f"{name} is not in canonical form"


def test_every_data_file_is_known() -> None:
    shipped = {p.name for p in datafile.default_dir().iterdir() if p.suffix in (".yaml", ".csv")}
    assert shipped == set(FILES)


def test_codes_that_yaml_would_misread_stay_text() -> None:
    text = (datafile.default_dir() / "countries.yaml").read_text(encoding="utf-8")
    assert "alpha2: 'NO'" in text
    assert "from: '2016-05-02'" in text
