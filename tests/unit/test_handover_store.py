"""The helpdesk queue in the database: one claim wins, ended handovers leave the queue, call-backs are kept."""

import datetime as dt
import threading

import pytest

from bot.stores.handover_store import ACTIVE, CANCELLED, RETURNED, WAITING, HandoverStore

T0 = dt.datetime(2026, 11, 30, 10, 0)


@pytest.fixture
def store(tmp_path) -> HandoverStore:
    return HandoverStore(f"sqlite:///{tmp_path / 'helpdesk.db'}")


def test_a_request_waits_in_the_queue_with_where_it_came_from(store):
    handover = store.request("kiosk-1", "kiosk", "stand-12", None, "mag ik met mbo 4 naar de pabo?", T0)
    assert handover.status == WAITING and handover.kiosk_id == "stand-12"
    assert [h.id for h in store.queue()] == [handover.id] and store.waiting_count() == 1


def test_asking_again_keeps_the_place_in_the_queue(store):
    first = store.request("w-1", "widget", None, None, "vraag", T0)
    again = store.request("w-1", "widget", None, None, "nog een vraag", T0 + dt.timedelta(minutes=3))
    assert again.id == first.id and store.waiting_count() == 1


def test_of_two_agents_claiming_at_the_same_moment_exactly_one_wins(store):
    handover = store.request("w-1", "widget", None, None, "vraag", T0)
    results: list[bool] = []
    start = threading.Barrier(8)

    def claim(agent: str) -> None:
        start.wait()
        results.append(store.claim(handover.id, agent))

    threads = [threading.Thread(target=claim, args=(f"agent{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert store.get(handover.id).status == ACTIVE


def test_only_the_claiming_agent_can_end_it(store):
    handover = store.request("w-1", "widget", None, None, "vraag", T0)
    store.claim(handover.id, "anna")
    assert not store.end(handover.id, RETURNED, agent="bram")
    assert store.end(handover.id, RETURNED, agent="anna")
    assert store.open_for("w-1") is None and store.queue() == []


def test_a_visitor_can_stop_waiting(store):
    handover = store.request("w-1", "widget", None, None, "vraag", T0)
    assert store.end(handover.id, CANCELLED, "gestopt")
    assert store.get(handover.id).status == CANCELLED


def test_messages_are_kept_in_order(store):
    handover = store.request("w-1", "widget", None, None, "vraag", T0)
    store.add_message(handover.id, "visitor", "hallo?")
    store.add_message(handover.id, "agent", "Hoi, ik ben Anna.", "anna")
    assert [m.text for m in store.messages(handover.id)] == ["hallo?", "Hoi, ik ben Anna."]


def test_call_back_requests_are_listed_until_done(store):
    request = store.add_callback("w-1", "widget", None, "Sanne", "06 12345678", "Kan ik met mbo naar de pabo?", True)
    assert [c.id for c in store.callbacks()] == [request.id]
    assert store.mark_callback_done(request.id, "anna")
    assert store.callbacks() == [] and not store.mark_callback_done(request.id, "anna")


def test_settings_can_be_set_and_removed(store):
    store.set_setting("hours", "ma-vr 08:00-18:00")
    assert store.setting("hours") == "ma-vr 08:00-18:00"
    store.set_setting("hours", None)
    assert store.setting("hours") is None
