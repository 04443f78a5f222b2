"""Writing, approving and amending the minutes: `meetings/views/minutes.py` over
`meetings/record/:minutes_*`, `amend_text` (issue 7, items 3–5).

The minutes form saves on submit (no JavaScript) and through the JSON autosave; both carry the
version the form was loaded with and are refused when it is stale. Bad input is a clear message,
nothing saved, never a 500. Once approved, every write is refused; a text is corrected by an
amendment.
"""

import copy
import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import MAX_TEXT, AgendaItem, Amendment, Contribution, Minutes
from meetings.record.attendance import attendance_refresh, guest_add, recording_start
from meetings.record.minutes import (
    ContributionText,
    ItemText,
    StaleMinutes,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

QUALITY_FULL = {
    "quality_preparation": "15",
    "quality_attendance": "20",
    "quality_conduct": "40",
    "quality_closing": "15",
}


def _past(days=20):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c, role=None):
        member = MemberFactory(committee=committee, cell=c)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    secretary = person(cell, "cell_secretary")
    chair, clerk, speaker, other = person(cell), person(cell), person(cell), person(cell)
    secretary_user = member_user(secretary)
    meeting = MeetingFactory(cell=cell, date=_past(), status="published")
    first = AgendaItemFactory(meeting=meeting, section="political", title="Tình hình", position=10)
    second = AgendaItemFactory(meeting=meeting, section="other", title="Việc khác", position=10)
    recording_start(meeting=meeting, by=secretary_user)
    guest = guest_add(
        meeting=meeting, name="Trần Thị Khách", title="Đảng ủy viên", by=secretary_user
    )
    minutes_save(
        meeting=meeting, version=1, by=secretary_user, chair_id=chair.pk, clerk_id=clerk.pk
    )
    meeting.refresh_from_db()
    other_meeting = MeetingFactory(cell=other_cell, date=_past(), status="published")
    foreign_item = AgendaItemFactory(meeting=other_meeting)
    recording_start(meeting=other_meeting, by=secretary_user)
    foreign = Contribution.objects.create(
        agenda_item=foreign_item, position=10, speaker_member=person(other_cell), text="Xa lạ"
    )
    return {
        "cell": cell,
        "meeting": meeting,
        "first": first,
        "second": second,
        "guest": guest,
        "chair_member": chair,
        "clerk_member": clerk,
        "speaker": speaker,
        "other_member": other,
        "secretary": secretary_user,
        "chair": member_user(chair),
        "clerk": member_user(clerk),
        "member": member_user(other),
        "officer": officer,
        "secretary_other_cell": member_user(person(other_cell, "cell_secretary")),
        "other_meeting": other_meeting,
        "foreign": foreign,
    }


@pytest.fixture
def world(_world, db, client):
    return {**copy.deepcopy(_world), "client": client}


def _client(world, who="secretary"):
    client = world["client"]
    client.force_login(world[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.pk])


def _minutes(meeting) -> Minutes:
    return Minutes.objects.get(meeting=meeting)


def _form(world, version=None, rows=None, **fields):
    """A full post of the minutes form: `rows` = {item: [(speaker, text, id), ...]}."""
    meeting = world["meeting"]
    data = {
        "version": version if version is not None else _minutes(meeting).version,
        "opened_at": "16:30",
        "closed_at": "18:15",
        "chair": world["chair_member"].pk,
        "clerk": world["clerk_member"].pk,
        **QUALITY_FULL,
    }
    for item in (world["first"], world["second"]):
        data[f"item-{item.pk}-summary"] = f"Tóm tắt {item.title}"
        data[f"item-{item.pk}-conclusion"] = f"Kết luận {item.title}"
    for item, item_rows in (rows or {}).items():
        for n, (speaker, text, pk) in enumerate(item_rows):
            data[f"item-{item.pk}-c-{n}-speaker"] = speaker
            data[f"item-{item.pk}-c-{n}-text"] = text
            data[f"item-{item.pk}-c-{n}-id"] = "" if pk is None else str(pk)
    data.update(fields)
    return data


def _speakers(world):
    return f"m{world['speaker'].pk}", f"g{world['guest'].pk}", f"m{world['chair_member'].pk}"


def _contributions(item):
    return list(
        Contribution.objects.filter(agenda_item=item)
        .order_by("position", "pk")
        .values_list("pk", "speaker_member_id", "speaker_guest_id", "text")
    )


def _snapshot(meeting):
    """Everything a minutes write could change."""
    minutes = Minutes.objects.filter(meeting=meeting).values().get()
    minutes.pop("updated_at")
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("pk", "summary", "conclusion")
    )
    contributions = list(
        Contribution.objects.filter(agenda_item__meeting=meeting)
        .order_by("pk")
        .values_list("pk", "position", "speaker_member_id", "speaker_guest_id", "text")
    )
    meeting.refresh_from_db()
    return (
        minutes,
        items,
        contributions,
        meeting.chair_id,
        meeting.clerk_id,
        meeting.status,
        Amendment.objects.count(),
    )


def _text(response):
    return response.content.decode()


def _approve(world):
    meeting = world["meeting"]
    minutes_save(
        meeting=meeting,
        version=_minutes(meeting).version,
        by=world["secretary"],
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        quality={k: int(v) for k, v in QUALITY_FULL.items()},
        items={
            world["first"].pk: ItemText(
                "Tóm tắt", "Kết luận", [ContributionText(_speakers(world)[0], "Ý kiến")]
            )
        },
    )
    minutes_mark_ready(meeting=meeting, by=world["clerk"])
    minutes_approve(meeting=meeting, by=world["chair"])


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("clerk", 200),  # a plain member who is the meeting's clerk
        ("officer", 200),
        ("chair", 403),  # the chair approves; she does not write the minutes
        ("member", 403),
        ("secretary_other_cell", 404),
    ],
)
def test_who_may_open_the_minutes_form(world, who, status):
    response = _client(world, who).get(_url("minutes_edit", world["meeting"]))
    assert response.status_code == status


@pytest.mark.parametrize("who", ["member", "chair"])
def test_who_may_not_save_is_refused_and_nothing_changes(world, who):
    meeting = world["meeting"]
    before = _snapshot(meeting)
    client = _client(world, who)
    for name in ("minutes_edit", "minutes_autosave", "minutes_ready"):
        assert client.post(_url(name, meeting), _form(world)).status_code == 403
    assert _snapshot(meeting) == before


def test_another_cells_meeting_is_a_404_for_every_write(world):
    client = _client(world, "secretary_other_cell")
    for name in ("minutes_autosave", "minutes_ready", "minutes_approve", "minutes_amend"):
        assert client.post(_url(name, world["meeting"]), _form(world)).status_code == 404


@pytest.mark.parametrize("name", ["minutes_autosave", "minutes_ready", "minutes_approve"])
def test_the_actions_are_post_only(world, name):
    assert _client(world).get(_url(name, world["meeting"])).status_code == 405


def test_the_form_before_recording_starts_sends_back_to_the_meeting(world):
    meeting = MeetingFactory(cell=world["cell"], date=_past(40), status="published")
    response = _client(world).get(_url("minutes_edit", meeting), follow=True)
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "Start recording the meeting first." in _text(response)


# --- the page ---------------------------------------------------------------------------------


def test_the_form_shows_the_items_in_order_the_rubric_and_the_speakers(world):
    meeting = world["meeting"]
    _client(world).post(
        _url("minutes_edit", meeting),
        _form(world, rows={world["first"]: [(_speakers(world)[1], "Khách phát biểu", None)]}),
    )
    response = _client(world).get(_url("minutes_edit", meeting))
    html = _text(response)
    assert response.status_code == 200
    assert html.index("1. Tình hình") < html.index("2. Việc khác")
    for points in ("/ 15", "/ 20", "/ 45"):
        assert points in html
    assert 'id="quality-total">90<' in html
    assert 'id="quality-grade">Good<' in html
    assert f'<option value="g{world["guest"].pk}" selected>Trần Thị Khách (Đảng ủy viên)' in html
    assert 'label="Guests"' in html
    assert "Khách phát biểu" in html
    # Each item: its saved rows, two empty ones, and the template the button copies.
    assert f'name="item-{world["first"].pk}-c-2-text"' in html
    assert f'name="item-{world["first"].pk}-c-__n__-text"' in html
    assert f'name="version" value="{_minutes(meeting).version}"' in html
    assert f'<option value="{world["chair_member"].pk}" selected>' in html
    assert "js/minutes.js" in html
    assert "Mark ready" in html and "minutes_approve" not in html


def test_a_short_meeting_shows_the_length_warning(world):
    client = _client(world)
    client.post(_url("minutes_edit", world["meeting"]), _form(world, closed_at="17:00"))
    html = _text(client.get(_url("minutes_edit", world["meeting"])))
    assert "The meeting lasted 30 minutes, shorter than the 90 minutes" in html


# --- saving without JavaScript ----------------------------------------------------------------


def test_a_full_save_keeps_the_contributions_in_order_and_a_second_save_updates(world):
    meeting, first, second = world["meeting"], world["first"], world["second"]
    member, guest, chair = _speakers(world)
    client = _client(world, "clerk")
    rows = {
        first: [(member, "Một", None), (guest, "Hai", None), ("", "", None), (chair, "Ba", None)],
        second: [("", "", None), ("", "", None)],
    }
    response = client.post(_url("minutes_edit", meeting), _form(world, rows=rows), follow=True)
    assert response.redirect_chain[-1][0] == _url("minutes_edit", meeting)
    assert "Saved." in _text(response)
    saved = _contributions(first)
    assert [c[3] for c in saved] == ["Một", "Hai", "Ba"]
    assert saved[1][2] == world["guest"].pk
    assert _contributions(second) == []
    minutes = _minutes(meeting)
    assert (minutes.opened_at, minutes.closed_at) == (datetime.time(16, 30), datetime.time(18, 15))
    assert minutes.quality_total == 90
    first.refresh_from_db()
    assert first.summary == "Tóm tắt Tình hình"

    # The page now lists them with their ids: saving again updates, nothing is duplicated.
    ids = [c[0] for c in saved]
    rows = {first: [(member, "Một (sửa)", ids[0]), (guest, "", ids[1]), (chair, "Ba", ids[2])]}
    client.post(_url("minutes_edit", meeting), _form(world, rows=rows))
    assert [(c[0], c[3]) for c in _contributions(first)] == [(ids[0], "Một (sửa)"), (ids[2], "Ba")]
    assert Contribution.objects.filter(agenda_item__meeting=meeting).count() == 2


def test_an_error_keeps_everything_she_typed(world):
    meeting, first = world["meeting"], world["first"]
    before = _snapshot(meeting)
    member = _speakers(world)[0]
    rows = {first: [(member, "Ý kiến thứ nhất", None), ("", "Quên chọn người nói", None)]}
    response = _client(world).post(
        _url("minutes_edit", meeting),
        _form(world, rows=rows, **{f"item-{first.pk}-summary": "Tóm tắt dài của tôi"}),
    )
    assert response.status_code == 200
    html = _text(response)
    for text in ("Ý kiến thứ nhất", "Quên chọn người nói", "Tóm tắt dài của tôi"):
        assert text in html
    assert "Choose who spoke." in html
    assert "Nothing was saved" in html
    assert _snapshot(meeting) == before


def test_closing_before_opening_is_refused_and_nothing_is_saved(world):
    meeting = world["meeting"]
    before = _snapshot(meeting)
    client = _client(world)
    response = client.post(
        _url("minutes_edit", meeting), _form(world, opened_at="18:00", closed_at="16:30")
    )
    assert response.status_code == 200
    assert "The closing time must be after the opening time." in _text(response)
    response = client.post(
        _url("minutes_autosave", meeting), _form(world, opened_at="18:00", closed_at="16:30")
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "closed_at": "The closing time must be after the opening time."
    }
    assert _snapshot(meeting) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("opened_at", "25:99"),
        ("closed_at", "half past four"),
        ("quality_conduct", "46"),
        ("quality_conduct", "-1"),
        ("quality_preparation", "lots"),
        ("quality_preparation", "9" * 40),
        ("chair", "abc"),
        ("clerk", "999999"),
    ],
)
def test_bad_numbers_and_times_are_field_errors(world, field, value):
    meeting = world["meeting"]
    before = _snapshot(meeting)
    client = _client(world)
    response = client.post(_url("minutes_edit", meeting), _form(world, **{field: value}))
    assert response.status_code == 200
    response = client.post(_url("minutes_autosave", meeting), _form(world, **{field: value}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert _snapshot(meeting) == before


def test_a_megabyte_paste_is_refused_with_the_limit_and_nothing_is_saved(world):
    meeting, first = world["meeting"], world["first"]
    before = _snapshot(meeting)
    paste = "x" * 1_000_000
    rows = {first: [(_speakers(world)[0], paste, None)]}
    client = _client(world)
    response = client.post(_url("minutes_edit", meeting), _form(world, rows=rows))
    assert response.status_code == 200
    html = _text(response)
    assert f"at most {MAX_TEXT} characters" in html
    assert paste in html  # her text is still there
    response = client.post(_url("minutes_autosave", meeting), _form(world, rows=rows))
    assert response.status_code == 400
    message = response.json()["errors"][f"item-{first.pk}-c-0-text"]
    assert f"at most {MAX_TEXT} characters" in message
    response = client.post(
        _url("minutes_autosave", meeting),
        _form(world, **{f"item-{first.pk}-summary": paste}),
    )
    assert str(MAX_TEXT) in response.json()["errors"][f"item-{first.pk}-summary"]
    assert _snapshot(meeting) == before


@pytest.mark.parametrize(
    "row",
    [
        ("x12", "Người nói lạ", None),
        ("m999999", "Người nói không tồn tại", None),
        ("g999999", "Khách không tồn tại", None),
        ("OTHER_CELL", "Đảng viên chi bộ khác", None),
        ("SPEAKER", "Ý kiến của chi bộ khác", "FOREIGN"),
        ("SPEAKER", "Ý kiến", "abc"),
        ("SPEAKER", "Ý kiến", "9" * 30),
        ("SPEAKER", "Ý kiến", "987654"),
    ],
)
def test_bad_speakers_and_foreign_ids_are_errors_not_500(world, row):
    meeting, first = world["meeting"], world["first"]
    before = _snapshot(meeting)
    speaker, text, pk = row
    if speaker == "OTHER_CELL":
        speaker = f"m{world['foreign'].speaker_member_id}"
    if speaker == "SPEAKER":
        speaker = _speakers(world)[0]
    if pk == "FOREIGN":
        pk = world["foreign"].pk
    data = _form(world, rows={first: [(speaker, text, pk)]})
    client = _client(world)
    response = client.post(_url("minutes_edit", meeting), data)
    assert response.status_code == 200
    assert text in _text(response)
    response = client.post(_url("minutes_autosave", meeting), data)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [f"item-{first.pk}-c-0-text"]
    assert _snapshot(meeting) == before
    assert Contribution.objects.filter(pk=world["foreign"].pk, text="Xa lạ").exists()


def test_a_partial_post_keeps_what_it_does_not_mention(world):
    meeting, first = world["meeting"], world["first"]
    client = _client(world)
    client.post(
        _url("minutes_edit", meeting),
        _form(world, rows={first: [(_speakers(world)[0], "Giữ lại", None)]}),
    )
    version = _minutes(meeting).version
    response = client.post(
        _url("minutes_autosave", meeting), {"version": version, "quality_closing": "10"}
    )
    assert response.status_code == 200
    minutes = _minutes(meeting)
    assert minutes.quality_closing == 10 and minutes.quality_conduct == 40
    assert minutes.opened_at == datetime.time(16, 30)
    first.refresh_from_db()
    assert first.summary == "Tóm tắt Tình hình"
    assert [c[3] for c in _contributions(first)] == ["Giữ lại"]


# --- the autosave -----------------------------------------------------------------------------


def test_the_autosave_returns_the_new_version_and_the_ids_of_new_rows(world):
    meeting, first, second = world["meeting"], world["first"], world["second"]
    member, guest, _chair = _speakers(world)
    client = _client(world, "clerk")
    version = _minutes(meeting).version
    rows = {
        first: [(member, "Một", None), ("", "", None), (guest, "Hai", None)],
        second: [(member, "Ba", None)],
    }
    response = client.post(_url("minutes_autosave", meeting), _form(world, version, rows))
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == version + 1 == _minutes(meeting).version
    assert body["changed"] is True
    assert re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert body["warning"] is None
    assert (body["quality_total"], body["grade"]) == (90, "Good")
    one, two = (c[0] for c in _contributions(first))
    (three,) = (c[0] for c in _contributions(second))
    assert body["ids"] == {
        f"item-{first.pk}-c-0-id": one,
        f"item-{first.pk}-c-1-id": None,
        f"item-{first.pk}-c-2-id": two,
        f"item-{second.pk}-c-0-id": three,
    }

    # The script puts the ids in the rows: the next save updates (and an emptied row is removed).
    rows = {
        first: [(member, "Một (sửa)", one), (member, "Bốn", None), (guest, "", two)],
        second: [(member, "Ba", three)],
    }
    body = client.post(_url("minutes_autosave", meeting), _form(world, version + 1, rows)).json()
    assert body["version"] == version + 2
    four = [c[0] for c in _contributions(first)][1]
    assert body["ids"] == {
        f"item-{first.pk}-c-0-id": one,
        f"item-{first.pk}-c-1-id": four,
        f"item-{first.pk}-c-2-id": None,
        f"item-{second.pk}-c-0-id": three,
    }
    assert [c[3] for c in _contributions(first)] == ["Một (sửa)", "Bốn"]
    assert Contribution.objects.filter(agenda_item__meeting=meeting).count() == 3

    # Nothing changed: the version stays.
    body = client.post(
        _url("minutes_autosave", meeting),
        _form(
            world,
            version + 2,
            rows={
                first: [(member, "Một (sửa)", one), (member, "Bốn", four)],
                second: [(member, "Ba", three)],
            },
        ),
    ).json()
    assert (body["version"], body["changed"]) == (version + 2, False)


def test_two_saves_on_the_same_version_the_second_is_refused(world):
    meeting, first = world["meeting"], world["first"]
    member = _speakers(world)[0]
    version = _minutes(meeting).version
    secretary = _client(world, "secretary")
    mine = _form(world, version, {first: [(member, "Của thư ký", None)]})
    assert secretary.post(_url("minutes_autosave", meeting), mine).status_code == 200
    after_first = _snapshot(meeting)

    clerk = _client(world, "clerk")
    hers = _form(
        world,
        version,
        {first: [(member, "Của thư ký chi bộ viết song song", None)]},
        closed_at="19:00",
    )
    response = clerk.post(_url("minutes_autosave", meeting), hers)
    assert response.status_code == 409
    assert response.json() == {
        "error": StaleMinutes(version + 1).messages[0],
        "version": version + 1,
    }
    assert "Your text was NOT saved" in response.json()["error"]

    # The page path: her text on the page again, the message at the top, the stale version kept.
    response = clerk.post(_url("minutes_edit", meeting), hers)
    assert response.status_code == 409
    html = _text(response)
    assert "Your text was NOT saved and is still on this page" in html
    assert "Của thư ký chi bộ viết song song" in html
    assert 'value="19:00"' in html
    assert f'name="version" value="{version}"' in html
    assert _snapshot(meeting) == after_first


def test_an_expired_session_gets_the_login_redirect_not_json(world):
    client = world["client"]
    response = client.post(
        _url("minutes_autosave", world["meeting"]), _form(world), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


# --- ready and approval -----------------------------------------------------------------------


def test_mark_ready_without_the_times_says_what_is_missing(world):
    meeting = world["meeting"]
    response = _client(world, "clerk").post(_url("minutes_ready", meeting), follow=True)
    assert response.redirect_chain[-1][0] == _url("minutes_edit", meeting)
    html = _text(response)
    assert "Before marking the minutes ready, fill in:" in html
    assert "the opening time" in html
    assert _minutes(meeting).state == Minutes.State.DRAFT


def test_the_clerk_marks_ready_and_the_chair_approves(world):
    meeting = world["meeting"]
    clerk = _client(world, "clerk")
    clerk.post(_url("minutes_edit", meeting), _form(world))
    response = clerk.post(_url("minutes_ready", meeting), follow=True)
    assert "The minutes are marked ready for approval." in _text(response)
    assert _minutes(meeting).state == Minutes.State.READY
    # The clerk cannot approve; the secretary sees the button.
    assert "minutes/approve/" not in _text(response)
    assert clerk.post(_url("minutes_approve", meeting)).status_code == 403
    html = _text(_client(world, "secretary").get(_url("minutes_edit", meeting)))
    assert _url("minutes_approve", meeting) in html and "data-confirm" in html

    response = _client(world, "chair").post(_url("minutes_approve", meeting))
    assert response.status_code == 302
    assert response["Location"] == _url("minutes", meeting)
    minutes = _minutes(meeting)
    assert minutes.state == Minutes.State.APPROVED
    assert minutes.approved_by_name == world["chair_member"].full_name
    meeting.refresh_from_db()
    assert meeting.status == "approved"


def test_approving_draft_minutes_says_they_are_not_ready(world):
    meeting = world["meeting"]
    response = _client(world).post(_url("minutes_approve", meeting), follow=True)
    assert response.redirect_chain[-1][0] == _url("minutes_edit", meeting)
    assert "The clerk has not marked the minutes ready yet." in _text(response)
    assert _minutes(meeting).state == Minutes.State.DRAFT


def test_the_member_cannot_approve(world):
    assert (
        _client(world, "member").post(_url("minutes_approve", world["meeting"])).status_code == 403
    )


def test_after_approval_every_write_is_refused_and_nothing_changes(world):
    meeting = world["meeting"]
    _approve(world)
    before = _snapshot(meeting)
    client = _client(world)
    data = _form(world, rows={world["first"]: [(_speakers(world)[0], "Sửa lén", None)]})

    response = client.get(_url("minutes_edit", meeting))
    assert response.status_code == 302 and response["Location"] == _url("minutes", meeting)
    response = client.post(_url("minutes_edit", meeting), data)
    assert response.status_code == 302 and response["Location"] == _url("minutes", meeting)
    response = client.post(_url("minutes_autosave", meeting), data)
    assert response.status_code == 409
    assert "approved and locked" in response.json()["error"]
    response = client.post(_url("minutes_ready", meeting))
    assert response["Location"] == _url("minutes", meeting)
    for who in ("secretary", "chair"):
        response = _client(world, who).post(_url("minutes_approve", meeting))
        assert response["Location"] == _url("minutes", meeting)
    assert _snapshot(meeting) == before


# --- amendments -------------------------------------------------------------------------------


def test_an_amendment_changes_the_text_and_keeps_the_old_one(world):
    meeting, first = world["meeting"], world["first"]
    _approve(world)
    client = _client(world, "chair")
    target = f"item:{first.pk}:summary"
    response = client.get(_url("minutes_amend", meeting) + f"?target={target}")
    assert response.status_code == 200
    html = _text(response)
    assert "Tóm tắt" in html and f'value="{target}" selected' in html
    response = client.post(
        _url("minutes_amend", meeting),
        {"target": target, "new_value": "Tóm tắt đã đính chính", "why": "Ghi nhầm"},
    )
    assert response.status_code == 302 and response["Location"] == _url("minutes", meeting)
    first.refresh_from_db()
    assert first.summary == "Tóm tắt đã đính chính"
    amendment = Amendment.objects.get(meeting=meeting)
    assert (amendment.old_value, amendment.new_value, amendment.reason) == (
        "Tóm tắt",
        "Tóm tắt đã đính chính",
        "Ghi nhầm",
    )
    assert amendment.made_by == world["chair"]


def test_an_amendment_of_a_contribution_and_a_time(world):
    meeting = world["meeting"]
    _approve(world)
    (contribution,) = Contribution.objects.filter(agenda_item__meeting=meeting)
    client = _client(world)
    client.post(
        _url("minutes_amend", meeting),
        {"target": f"contribution:{contribution.pk}", "new_value": "Ý kiến đúng", "why": "Sai"},
    )
    client.post(
        _url("minutes_amend", meeting),
        {"target": "minutes:closed_at", "new_value": "18:30", "why": "Ghi nhầm giờ"},
    )
    contribution.refresh_from_db()
    assert contribution.text == "Ý kiến đúng"
    assert _minutes(meeting).closed_at == datetime.time(18, 30)
    assert Amendment.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new_value": "Mới", "why": ""}, "Give the reason for the correction."),
        ({"new_value": "Mới", "why": "   "}, "Give the reason for the correction."),
        (
            {"target": "item:999999:summary", "new_value": "Mới", "why": "Vì"},
            "Choose what to correct.",
        ),
        ({"target": "minutes:closed_at", "new_value": "soon", "why": "Vì"}, "hh:mm"),
        ({"target": "minutes:closed_at", "new_value": "08:00", "why": "Vì"}, "after the opening"),
        ({"new_value": "Tóm tắt", "why": "Vì"}, "Nothing would change"),
    ],
)
def test_a_bad_amendment_is_an_error_and_keeps_her_input(world, data, message):
    meeting, first = world["meeting"], world["first"]
    _approve(world)
    before = _snapshot(meeting)
    data = {"target": f"item:{first.pk}:summary", **data}
    response = _client(world).post(_url("minutes_amend", meeting), data)
    assert response.status_code == 200
    html = _text(response)
    assert message in html
    assert data["why"].strip() in html
    assert _snapshot(meeting) == before


def test_amending_before_approval_sends_to_the_form(world):
    meeting = world["meeting"]
    response = _client(world).get(_url("minutes_amend", meeting), follow=True)
    assert response.redirect_chain[-1][0] == _url("minutes_edit", meeting)
    assert "no amendment is needed" in _text(response)


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("clerk", 403), ("chair", 200)])
def test_who_may_amend(world, who, status):
    _approve(world)
    response = _client(world, who).get(_url("minutes_amend", world["meeting"]))
    assert response.status_code == status


# --- query counts -----------------------------------------------------------------------------


def _grow(world, count):
    """`count` more members on the sheet, each with a contribution."""
    meeting, first = world["meeting"], world["first"]
    for _i in range(count):
        member = MemberFactory(committee=meeting.committee, cell=world["cell"])
        Contribution.objects.create(
            agenda_item=first, position=1000, speaker_member=member, text="Ý kiến"
        )
    attendance_refresh(meeting=meeting, by=world["secretary"])


def _rows(response):
    return re.findall(r'data-row="item-\d+-c-\d+"', _text(response))


def test_the_form_makes_as_many_queries_for_5_as_for_50_rows(world, django_assert_num_queries):
    meeting = world["meeting"]
    client = _client(world)
    url = _url("minutes_edit", meeting)
    _grow(world, 5)
    client.get(url)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(_rows(response)) == 5 + 4  # and two empty rows per item
    _grow(world, 45)
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    assert len(_rows(response)) == 50 + 4
