"""The programme: sessions inside the event, never two at once in a room; the grid; stars."""

from __future__ import annotations

import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from creativeports.events.models import Session, Star
from creativeports.events.selectors import programme, programme_grid
from creativeports.events.services.programme import session_create, session_update, star_set
from tests.events.factories import at, make_event, make_room
from tests.factories import UserFactory

pytestmark = [pytest.mark.unit, pytest.mark.django_db]


def test_overlapping_sessions_in_one_room_are_refused_and_nothing_is_written():
    event = make_event()
    hall = make_room(event)
    session_create(event=event, actor=None, title="Opening", room=hall, starts=at(0, 10), ends=at(0, 11))

    with pytest.raises(ValidationError, match="taken by “Opening”"):
        session_create(event=event, actor=None, title="Clash", room=hall, starts=at(0, 10, 30), ends=at(0, 11, 30))
    assert list(Session.objects.values_list("title", flat=True)) == ["Opening"]


def test_back_to_back_sessions_and_parallel_rooms_are_fine():
    event = make_event()
    hall, room_b = make_room(event), make_room(event, "Room B")
    session_create(event=event, actor=None, title="One", room=hall, starts=at(0, 10), ends=at(0, 11))

    session_create(event=event, actor=None, title="Two", room=hall, starts=at(0, 11), ends=at(0, 12))
    session_create(event=event, actor=None, title="Parallel", room=room_b, starts=at(0, 10), ends=at(0, 11))

    assert Session.objects.count() == 3


@pytest.mark.parametrize(
    ("starts", "ends"),
    [((-1, 10), (-1, 11)), ((1, 16), (1, 18)), ((0, 12), (0, 11))],
    ids=["before the event", "after the end", "ends before it starts"],
)
def test_sessions_outside_the_event_or_backwards_are_refused(starts, ends):
    event = make_event()

    with pytest.raises(ValidationError):
        session_create(event=event, actor=None, title="Nope", starts=at(*starts), ends=at(*ends))
    assert not Session.objects.exists()


def test_moving_a_session_onto_another_is_refused():
    event = make_event()
    hall = make_room(event)
    session_create(event=event, actor=None, title="A", room=hall, starts=at(0, 10), ends=at(0, 11))
    moving = session_create(event=event, actor=None, title="B", room=hall, starts=at(0, 12), ends=at(0, 13))

    with pytest.raises(ValidationError):
        session_update(session=moving, actor=None, starts=at(0, 10, 30), ends=at(0, 11, 30))
    session_update(session=moving, actor=None, title="B, renamed")  # its own slot does not clash with itself


def test_a_room_of_another_event_is_refused():
    event, other = make_event(), make_event()

    with pytest.raises(ValidationError) as error:
        session_create(event=event, actor=None, title="X", room=make_room(other), starts=at(0, 10), ends=at(0, 11))
    assert "room" in error.value.message_dict


def test_the_grid_has_a_column_per_room_used_that_day_and_rows_by_start_time():
    event = make_event()
    hall, room_b, unused = make_room(event), make_room(event, "Room B"), make_room(event, "Unused")
    hall.position, room_b.position, unused.position = 0, 1, 2
    for room in (hall, room_b, unused):
        room.save()
    session_create(event=event, actor=None, title="Talk", room=hall, starts=at(0, 10), ends=at(0, 11))
    session_create(event=event, actor=None, title="Workshop", room=room_b, starts=at(0, 10), ends=at(0, 12))
    session_create(event=event, actor=None, title="Panel", room=hall, starts=at(0, 11), ends=at(0, 12))
    session_create(event=event, actor=None, title="Day two", room=room_b, starts=at(1, 10), ends=at(1, 11))

    grid = programme_grid(programme(event=event), tz=zoneinfo.ZoneInfo("Europe/Warsaw"))

    assert [d.rooms for d in grid] == [["Main hall", "Room B"], ["Room B"]]
    first_day = [[[s.title for s in cell] for cell in row.cells] for row in grid[0].rows]
    assert first_day == [[["Talk"], ["Workshop"]], [["Panel"], []]]


def test_the_grid_follows_the_readers_time_zone_across_midnight():
    event = make_event()
    session_create(event=event, actor=None, title="Late", starts=at(0, 23, 30), ends=at(1, 0, 30))

    in_warsaw = programme_grid(programme(event=event), tz=zoneinfo.ZoneInfo("Europe/Warsaw"))
    in_helsinki = programme_grid(programme(event=event), tz=zoneinfo.ZoneInfo("Europe/Helsinki"))

    assert (in_helsinki[0].day - in_warsaw[0].day).days == 1


def test_stars_are_idempotent():
    event = make_event()
    session = session_create(event=event, actor=None, title="Talk", starts=at(0, 10), ends=at(0, 11))
    person = UserFactory()

    star_set(user=person, session=session, starred=True)
    star_set(user=person, session=session, starred=True)
    assert Star.objects.filter(user=person).count() == 1
    star_set(user=person, session=session, starred=False)
    assert not Star.objects.exists()


def test_the_secretariats_admin_refuses_an_overlapping_session(client):
    from django.urls import reverse

    event = make_event()
    hall = make_room(event)
    session_create(event=event, actor=None, title="Opening", room=hall, starts=at(0, 10), ends=at(0, 11))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    day = at(0, 10, 30)

    response = client.post(
        reverse("admin:events_session_add"),
        {
            "event": event.pk,
            "title": "Clash",
            "kind": "talk",
            "room": hall.pk,
            "starts_0": day.strftime("%Y-%m-%d"),
            "starts_1": day.strftime("%H:%M"),
            "ends_0": day.strftime("%Y-%m-%d"),
            "ends_1": at(0, 11, 30).strftime("%H:%M"),
            "description": "",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "is taken by" in response.content.decode()
    assert Session.objects.count() == 1
