"""The committed NLU lookup tables are exactly what the store exports."""

from knowledge.nlu_export import LOOKUP_FILE, render_lookups


def test_committed_lookups_match_the_store(repository):
    assert LOOKUP_FILE.read_text(encoding="utf-8") == render_lookups(repository), (
        "data/nlu/lookups.yml is out of date: run `python -m knowledge export-nlu` and retrain"
    )


def test_lookups_contain_store_places_and_subjects(repository):
    rendered = render_lookups(repository)
    assert "    - Zwolle\n" in rendered
    assert "    - wiskunde\n" in rendered
