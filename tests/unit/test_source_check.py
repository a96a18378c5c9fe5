"""Weak sources: `python -m knowledge validate` warns about a fact row that cites a bare home page."""

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.cli import main
from knowledge.files import DATA_DIR, read_files
from knowledge.source_check import homepage_warnings, is_homepage

# Rows that cited a home page before; each now cites the page that states the fact.
FORMERLY_WEAK = [("routes.yml", "pwpo"), ("routes.yml", "alo"), ("routes.yml", "tweede-bevoegdheid"),
                 ("routes.yml", "herintreden"), ("funding.yml", "werkgever-betaalt")]


@pytest.mark.parametrize("url", ["https://www.ru.nl/", "https://www.ru.nl", "http://hva.nl/"])
def test_a_bare_site_address_is_a_homepage(url):
    assert is_homepage(url)


@pytest.mark.parametrize("url", ["https://www.poraad.nl/vraag-antwoord-zij-instroom", "fontys.nl PDG",
                                 "https://zoek.officielebekendmakingen.nl/stcrt-2024-40323.html"])
def test_a_page_or_a_named_document_is_not_a_homepage(url):
    assert not is_homepage(url)


def row(file: str, row_id: str) -> dict:
    return next(r for r in read_files().get(file) if r["id"] == row_id)


@pytest.mark.parametrize(("file", "row_id"), FORMERLY_WEAK, ids=[r for _, r in FORMERLY_WEAK])
def test_formerly_weak_rows_cite_a_page(file, row_id):
    assert not is_homepage(row(file, row_id)["source"])


def test_levenlanglerenkrediet_with_only_a_site_as_source_is_unconfirmed():
    """facts.md names only marnixacademie.nl for its terms: the row stays, marked unconfirmed."""
    assert row("funding.yml", "levenlanglerenkrediet")["confirmed"] is False



@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def set_source(directory: Path, file: str, row_id: str, source: str) -> None:
    path = directory / file
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(r for r in rows if r["id"] == row_id)["source"] = source
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")


def test_a_homepage_source_gets_a_warning_naming_file_and_row(data_copy):
    set_source(data_copy, "routes.yml", "pwpo", "https://www.ru.nl/")
    assert "routes.yml, rij 5 (pwpo): bron 'https://www.ru.nl/' is een homepage; noem de pagina die het feit geeft" \
        in [str(w) for w in homepage_warnings(read_files(data_copy))]


def test_an_offering_with_its_own_homepage_source_gets_a_warning():
    assert any("(hu) aanbod academische-pabo" in str(w) for w in homepage_warnings(read_files()))


def test_warnings_are_printed_but_validate_still_succeeds(data_copy, capsys):
    set_source(data_copy, "routes.yml", "pwpo", "https://www.ru.nl/")
    assert main(["validate", "--data-dir", str(data_copy)]) == 0
    output = capsys.readouterr()
    assert "WAARSCHUWING: routes.yml, rij 5 (pwpo)" in output.err and "waarschuwing" in output.out
