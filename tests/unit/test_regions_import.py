"""`python -m knowledge import-regions DIR`: the official regional data, imported, never copied."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from knowledge.cli import main
from knowledge.db import make_engine
from knowledge.files import read_files
from knowledge.loader import load
from knowledge.models import Desk, Place, Postcode
from knowledge.regions_import import RegionsImportError, import_regions


@pytest.fixture
def loaded_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    load(engine, read_files())
    yield engine
    engine.dispose()


def count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_reports_what_it_loaded(loaded_engine, regions_dir):
    report = import_regions(loaded_engine, regions_dir)
    assert report.municipalities == 342
    assert report.desks == 52
    assert report.postcodes == 4092
    assert report.places > 2000
    assert set(report.without_desk) == {"po", "vo", "mbo"}


def test_import_twice_gives_the_same_store(loaded_engine, regions_dir):
    import_regions(loaded_engine, regions_dir)
    first = (count(loaded_engine, Place), count(loaded_engine, Postcode), count(loaded_engine, Desk))
    import_regions(loaded_engine, regions_dir)
    assert (count(loaded_engine, Place), count(loaded_engine, Postcode), count(loaded_engine, Desk)) == first


def test_import_keeps_the_national_desk(loaded_engine, regions_dir):
    import_regions(loaded_engine, regions_dir)
    with loaded_engine.connect() as connection:
        national = connection.execute(select(Desk.name).where(Desk.is_national.is_(True))).scalars().all()
    assert national == ["Onderwijsloket"]


def test_missing_column_is_a_clear_error_and_changes_nothing(loaded_engine, regions_dir, tmp_path):
    broken = tmp_path / "regions"
    shutil.copytree(regions_dir, broken)
    path = broken / "pc4_gemeente.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f for f in rows[0] if f != "primair"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    before = count(loaded_engine, Desk)
    with pytest.raises(RegionsImportError, match="kolommen ontbreken: primair"):
        import_regions(loaded_engine, broken)
    assert count(loaded_engine, Desk) == before


def test_unknown_municipality_code_is_a_clear_error(loaded_engine, regions_dir, tmp_path):
    broken = tmp_path / "regions"
    shutil.copytree(regions_dir, broken)
    with (broken / "woonplaatsen.csv").open("a", encoding="utf-8") as handle:
        handle.write("Nergenshuizen,,Nergens,GM9999,Nergens,WP0000,test\n")
    with pytest.raises(RegionsImportError, match="onbekende gemeentecode 'GM9999'"):
        import_regions(loaded_engine, broken)


def test_import_into_an_empty_store_asks_to_load_first(tmp_path, regions_dir):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(RegionsImportError, match="draai eerst"):
        import_regions(engine, regions_dir)


def test_missing_directory_is_a_clear_error(loaded_engine, tmp_path):
    with pytest.raises(RegionsImportError, match="bestand ontbreekt"):
        import_regions(loaded_engine, tmp_path / "bestaat-niet")


def test_cli_load_with_regions_then_desk_by_postcode(tmp_path, regions_dir, capsys):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert main(["--database-url", url, "load", "--regions", str(regions_dir)]) == 0
    assert "regioloketten" in capsys.readouterr().out
    assert main(["--database-url", url, "desk", "8011", "--sector", "po"]) == 0
    out = capsys.readouterr().out
    assert "Zwolle" in out and "Hatseklas" in out


def test_cli_import_regions_on_bad_directory_fails_cleanly(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'k.db'}"
    assert main(["--database-url", url, "load"]) == 0
    assert main(["--database-url", url, "import-regions", str(tmp_path / "nergens")]) == 1
    assert "bestand ontbreekt" in capsys.readouterr().err


def test_regional_files_are_not_copied_into_the_repository(regions_dir):
    repo = Path(__file__).resolve().parents[2]
    shared = {p.read_bytes() for p in regions_dir.glob("*.csv")}
    for path in repo.rglob("*.csv"):
        if ".venv" in path.parts or "var" in path.parts:
            continue
        assert path.read_bytes() not in shared, f"{path} is a copy of a shared regional file"
