"""``python -m bot purge`` and ``python -m bot privacy export|delete`` on real SQLite stores."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from bot.__main__ import main
from bot.stores.handover_store import HandoverStore
from tests.unit.test_privacy_stores import OLD, fill_helpdesk, save_conversation

NOW = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def stores(tmp_path, monkeypatch) -> dict[str, str]:
    urls = {"TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
            "HELPDESK_STORE_URL": f"sqlite:///{tmp_path / 'helpdesk.db'}",
            "ADVICE_STORE_URL": f"sqlite:///{tmp_path / 'advice.db'}"}
    for name, value in urls.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    save_conversation(urls["TRACKER_STORE_URL"], "w-1", NOW)
    fill_helpdesk(urls["HELPDESK_STORE_URL"], "w-1", NOW)
    save_conversation(urls["TRACKER_STORE_URL"], "old", OLD)
    fill_helpdesk(urls["HELPDESK_STORE_URL"], "old", OLD)
    return urls


def test_export_writes_everything_of_one_conversation_to_a_file(stores, tmp_path, capsys):
    out = tmp_path / "export.json"
    assert main(["privacy", "export", "w-1", "--out", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["conversation_id"] == "w-1"
    assert sum(len(rows) for rows in exported["stores"].values()) == 4
    assert "4 records van gesprek w-1 geschreven naar" in capsys.readouterr().out


def test_delete_with_yes_removes_the_conversation_everywhere(stores, capsys):
    assert main(["privacy", "delete", "w-1", "--yes"]) == 0
    output = capsys.readouterr().out
    assert "Samenvatting: 5 records van gesprek w-1 gewist" in output and "privacy export w-1" in output
    main(["privacy", "export", "w-1"])
    assert all(rows == [] for rows in json.loads(capsys.readouterr().out)["stores"].values())


def test_delete_without_yes_in_a_script_deletes_nothing(stores, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["privacy", "delete", "w-1"]) == 1
    assert "Er is niets gewist" in capsys.readouterr().out
    assert HandoverStore(stores["HELPDESK_STORE_URL"]).callbacks()


def test_purge_dry_run_counts_and_removes_nothing(stores, capsys):
    assert main(["purge", "--dry-run"]) == 0
    output = capsys.readouterr().out
    assert "Bewaartermijn 90 dagen" in output and "Rasa: gesprekken (tracker store): 2 records zouden weggaan" in output
    assert "er is niets gewist" in output
    assert len(HandoverStore(stores["HELPDESK_STORE_URL"]).callbacks()) == 2


def test_purge_removes_what_is_older_than_the_days_given(stores, capsys):
    assert main(["purge", "--days", "30"]) == 0
    output = capsys.readouterr().out
    assert "Bewaartermijn 30 dagen" in output and "Samenvatting: 5 records gewist" in output
    assert [c.sender for c in HandoverStore(stores["HELPDESK_STORE_URL"]).callbacks()] == ["w-1"]


def test_a_store_that_cannot_be_reached_is_reported_and_the_rest_is_done(stores, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["purge"]) == 1
    output = capsys.readouterr().out
    assert "Rasa: gesprekken (tracker store): NIET GELUKT" in output and "Niet alles is gelukt" in output
    assert [c.sender for c in HandoverStore(stores["HELPDESK_STORE_URL"]).callbacks()] == ["w-1"]
