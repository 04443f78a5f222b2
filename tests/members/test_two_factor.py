"""Two-step login (issue 20 item 4; `members.two_factor`, `members.views.two_factor`): setting it
up with a QR code, logging in with a code or a recovery code (each recovery code once), wrong
codes counted by axes like wrong passwords (five lock out), required for a committee's officers
when its setting says so (and not when it does not), turning it off, new recovery codes, and a
superuser's reset of a lost phone — recorded and notified. Users without it log in as before."""

import copy
import time
from base64 import b32encode
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cells import services as cells_services
from cells.models import CommitteeSettings
from members import two_factor
from members.models import Notification
from members.views.two_factor import CODES_SESSION_KEY, PENDING_SESSION_KEY, SECRET_SESSION_KEY
from tests.factories import (
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    TOTPDeviceFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # the factories' password
LOGIN = reverse("login")
CODE_STEP = reverse("login_two_factor")
HOME = reverse("dashboard:home")
SETUP = reverse("members:two_factor_setup")
CODES = reverse("members:two_factor_codes")
PAGE = reverse("members:two_factor")
DISABLE = reverse("members:two_factor_disable")
USERS = reverse("members:two_factor_users")


class World:
    pass


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Committee A: an officer by grant (`canbo`), an officer by position (the committee secretary
    `bithu`), a member (`lan`); a superuser; committee B's officer (`khac`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = World()
        world.committee = CommitteeFactory()
        TermFactory(committee=world.committee)
        world.officer = CommitteeRoleFactory(
            committee=world.committee, role="officer", user__username="canbo"
        ).user
        secretary = MemberFactory(committee=world.committee)
        PositionFactory(member=secretary, role="committee_secretary")
        world.secretary = member_user(secretary, username="bithu")
        world.member = member_user(MemberFactory(committee=world.committee), username="lan")
        world.superuser = UserFactory(username="quantri", is_superuser=True, is_staff=True)
        world.other_officer = CommitteeRoleFactory(
            committee=CommitteeFactory(), role="officer", user__username="khac"
        ).user
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def w(built, db):
    """Each test gets its own copies of the built objects (the data is rolled back after it)."""
    return copy.deepcopy(built)


@pytest.fixture(autouse=True)
def english(client):
    """In English: the assertions name the English source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def no_throttle(settings):
    """django-otp's own wait after a wrong code off, so that the next code is checked at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_of(device, *, steps_ahead: int = 0) -> str:
    """The code her app shows now (or `steps_ahead` periods of 30 seconds later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def wrong_code(device) -> str:
    """A 6-digit code her app shows neither now nor one period before or after."""
    near = {code_of(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(c for c in ("111111", "222222", "333333", "444444") if c not in near)


def give_recovery_codes(user, codes=("abcd2345", "efgh6723")):
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    for code in codes:
        device.token_set.create(token=code)
    return list(codes)


def password_step(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password, **extra})


def code_step(client, code):
    return client.post(CODE_STEP, {"code": code})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def require_for_officers(w, on=True):
    cells_services.rules_update(committee=w.committee, by=w.officer, require_two_factor_officers=on)


# --- without two-step login: as before ---------------------------------------------------------


def test_without_two_step_login_the_password_logs_in_as_before(client, w):
    response = password_step(client, w.member)
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert logged_in(client)
    assert PENDING_SESSION_KEY not in client.session


# --- setting it up -----------------------------------------------------------------------------


def test_setting_it_up_with_the_qr_code_and_the_first_code(client, w):
    client.force_login(w.member)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    # The QR code is an image from a data: address (the CSP allows it), the secret is also text.
    assert 'src="data:image/svg+xml' in html
    typed = b32encode(unhexlify(secret)).decode().rstrip("=")
    assert " ".join(typed[i : i + 4] for i in range(0, len(typed), 4)) in html
    assert "otpauth://totp/chibo%3Alan?secret=" + typed in two_factor.config_url(w.member, secret)
    # A reload shows the same secret; nothing is stored before the code confirms it.
    client.get(SETUP)
    assert client.session[SECRET_SESSION_KEY] == secret
    assert not TOTPDevice.objects.filter(user=w.member).exists()

    wrong = client.post(SETUP, {"code": wrong_code(TOTPDevice(key=secret))})
    assert wrong.status_code == 200
    assert "That is not the code the app shows" in str(wrong.context["form"].errors["code"])
    assert not TOTPDevice.objects.filter(user=w.member).exists()

    response = client.post(SETUP, {"code": code_of_secret(secret)})
    assert response.status_code == 302
    assert response["Location"] == CODES
    device = TOTPDevice.objects.get(user=w.member)
    assert device.confirmed and device.key == secret
    assert StaticToken.objects.filter(device__user=w.member).count() == 10
    # This session is verified by the new device; the set-up's secret is gone.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert SECRET_SESSION_KEY not in client.session

    # The 10 recovery codes, shown once.
    codes_page = client.get(CODES)
    shown = codes_page.context["codes"]
    assert sorted(shown) == sorted(
        StaticToken.objects.filter(device__user=w.member).values_list("token", flat=True)
    )
    assert f"{shown[0][:4]}-{shown[0][4:]}" in codes_page.content.decode()
    again = client.get(CODES)
    assert "codes" not in again.context
    assert shown[0][:4] + "-" not in again.content.decode()
    assert again.context["recovery_left"] == 10


def code_of_secret(secret: str) -> str:
    return code_of(TOTPDevice(key=secret))


def test_the_setup_refuses_bad_input_without_saving(client, w):
    client.force_login(w.member)
    client.get(SETUP)
    for bad in ["", "abcdef", "12345", "1234567", "12\x0034", "12345²", "9" * 40]:
        response = client.post(SETUP, {"code": bad})
        assert response.status_code == 200, bad
        assert response.context["form"].errors, bad
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()


def test_an_expired_setup_secret_gives_a_new_qr_code(client, w):
    client.force_login(w.member)
    session = client.session
    session[SECRET_SESSION_KEY] = "not-a-secret"
    session.save()
    response = client.post(SETUP, {"code": "123456"})
    assert response.status_code == 200
    assert "The set-up has expired" in str(response.context["form"].non_field_errors())
    assert client.session[SECRET_SESSION_KEY] != "not-a-secret"
    assert not TOTPDevice.objects.exists()


def test_a_new_phone_replaces_the_old_one_and_its_codes(client, w):
    old = TOTPDeviceFactory(user=w.member)
    give_recovery_codes(w.member)
    client.force_login(w.member)
    page = client.get(SETUP)
    assert page.context["replacing"]
    response = client.post(SETUP, {"code": code_of_secret(client.session[SECRET_SESSION_KEY])})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=w.member).count() == 1
    assert not StaticToken.objects.filter(token="abcd2345").exists()


# --- logging in with a code --------------------------------------------------------------------


def test_with_two_step_login_the_password_alone_does_not_log_in(client, w):
    device = TOTPDeviceFactory(user=w.member)
    response = password_step(client, w.member, next="/members/me/")
    assert response.status_code == 302
    assert response["Location"] == CODE_STEP
    assert not logged_in(client)
    assert client.get(HOME).status_code == 302  # still a visitor

    page = client.get(CODE_STEP)
    assert page.status_code == 200
    assert page.context["pending_user"] == w.member

    response = code_step(client, code_of(device))
    assert response.status_code == 302
    assert response["Location"] == "/members/me/"  # where she was going
    assert logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.last_used_at is not None


def test_a_code_is_accepted_once(client, w, no_throttle):
    device = TOTPDeviceFactory(user=w.member)
    code = code_of(device)
    password_step(client, w.member)
    assert code_step(client, code).status_code == 302
    client.post(reverse("logout"))
    password_step(client, w.member)
    replay = code_step(client, code)
    assert replay.status_code == 200
    assert not logged_in(client)


def test_a_wrong_code_is_refused_and_counted_like_a_wrong_password(client, w):
    device = TOTPDeviceFactory(user=w.member)
    password_step(client, w.member)
    wrong = wrong_code(device)
    response = code_step(client, wrong)
    assert response.status_code == 200
    assert "That code is not right" in str(response.context["form"].errors["code"])
    assert not logged_in(client)
    attempt = AccessAttempt.objects.get(username="lan")
    assert attempt.failures_since_start == 1
    assert wrong not in attempt.post_data  # the code is not written down

    # Right after a wrong code the device waits a second before it checks the next one.
    too_soon = code_step(client, code_of(device))
    assert "Too many wrong codes: wait 1 second" in str(too_soon.context["form"].errors["code"])
    assert not logged_in(client)


def test_five_wrong_codes_lock_her_out_like_five_wrong_passwords(client, w, no_throttle):
    device = TOTPDeviceFactory(user=w.member)
    password_step(client, w.member)
    right, wrong = code_of(device), wrong_code(device)
    statuses = [code_step(client, wrong).status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert not logged_in(client)
    # Locked out: the right code no longer helps (she must start again), nor does her password.
    assert code_step(client, right)["Location"] == LOGIN
    assert password_step(client, w.member).status_code == 429
    assert not logged_in(client)


def test_wrong_passwords_and_wrong_codes_count_together(client, w, no_throttle, settings):
    settings.AXES_FAILURE_LIMIT = 3
    device = TOTPDeviceFactory(user=w.member)
    assert password_step(client, w.member, password="nope").status_code == 200
    assert password_step(client, w.member)["Location"] == CODE_STEP
    assert code_step(client, wrong_code(device)).status_code == 200
    assert code_step(client, wrong_code(device)).status_code == 429
    assert not logged_in(client)


def test_a_recovery_code_logs_in_once(client, w, no_throttle):
    TOTPDeviceFactory(user=w.member)
    give_recovery_codes(w.member)
    password_step(client, w.member)
    response = code_step(client, "ABCD-2345")  # as printed, in capitals: still hers
    assert response.status_code == 302
    assert logged_in(client)
    assert "1 code is left" in " ".join(texts(response))
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6723"]

    client.post(reverse("logout"))
    password_step(client, w.member)
    again = code_step(client, "abcd2345")
    assert again.status_code == 200
    assert not logged_in(client)


def test_the_code_step_needs_a_right_password_first_and_expires(client, w):
    assert client.get(CODE_STEP)["Location"] == LOGIN
    TOTPDeviceFactory(user=w.member)
    password_step(client, w.member)
    session = client.session
    session[PENDING_SESSION_KEY]["at"] = int(time.time()) - 11 * 60
    session.save()
    assert client.get(CODE_STEP)["Location"] == LOGIN
    assert PENDING_SESSION_KEY not in client.session


def test_the_code_step_refuses_bad_input_without_a_500(client, w):
    TOTPDeviceFactory(user=w.member)
    password_step(client, w.member)
    for bad in ["", "x" * 40, "12\x0034", "<script>", "12345²", "١٢٣٤٥٦"]:
        response = code_step(client, bad)
        assert response.status_code in (200, 429), bad
        assert not logged_in(client)


def test_the_administration_logs_in_through_the_apps_login(client, w):
    response = client.get("/admin/login/?next=/admin/members/user/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=%2Fadmin%2Fmembers%2Fuser%2F"
    client.force_login(w.member)  # logged in, not staff: no password form to get round the code
    assert client.get("/admin/login/").status_code == 403


# --- required for a committee's officers -------------------------------------------------------


def test_required_for_officers_only_when_the_committee_says_so(client, w):
    # The setting off (the default): officers log in as before.
    assert password_step(client, w.officer)["Location"] == HOME
    assert client.get(HOME).status_code in (200, 302)
    client.post(reverse("logout"))

    require_for_officers(w)
    response = password_step(client, w.officer)
    assert response["Location"] == SETUP
    assert logged_in(client)
    # Every page sends her to the set-up, an htmx request too, until it is done.
    for url in [HOME, reverse("members:notifications"), PAGE]:
        assert client.get(url)["Location"] == SETUP, url
    assert client.get(HOME, HTTP_HX_REQUEST="true")["HX-Redirect"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert page.context["required"]
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302

    response = client.post(SETUP, {"code": code_of_secret(client.session[SECRET_SESSION_KEY])})
    assert response["Location"] == CODES
    assert client.get(CODES).status_code == 200
    assert client.get(PAGE).status_code == 200

    # Her next log-in asks the code.
    client.post(reverse("logout"))
    assert password_step(client, w.officer)["Location"] == CODE_STEP


def test_required_for_an_officer_by_position_not_for_members_nor_other_committees(client, w):
    require_for_officers(w)
    assert two_factor.is_required(w.secretary)
    assert not two_factor.is_required(w.member)
    assert not two_factor.is_required(w.other_officer)
    assert not two_factor.is_required(w.superuser)
    assert password_step(client, w.secretary)["Location"] == SETUP
    client.post(reverse("logout"))
    assert password_step(client, w.member)["Location"] == HOME


def test_the_setting_is_on_the_committee_rules_page(client, w):
    client.force_login(w.officer)
    url = reverse("cells:rules_edit", args=[w.committee.pk])
    form = client.get(url).context["form"]
    assert "require_two_factor_officers" in form.fields
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(meeting_time="16:30", temporary_members_vote="", require_two_factor_officers="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert CommitteeSettings.objects.get(committee=w.committee).require_two_factor_officers
    client.post(reverse("logout"))
    assert password_step(client, w.officer)["Location"] == SETUP


def test_an_officer_who_must_cannot_turn_it_off(client, w):
    TOTPDeviceFactory(user=w.officer)
    require_for_officers(w)
    client.force_login(w.officer)
    page = client.get(PAGE)
    assert DISABLE not in page.content.decode()
    response = client.post(DISABLE, {"password": PASSWORD})
    assert response.status_code == 200
    assert "cannot be turned off" in str(response.context["form"].non_field_errors())
    assert TOTPDevice.objects.filter(user=w.officer).exists()


# --- her own settings ---------------------------------------------------------------------------


def test_turning_it_off_with_her_password_or_a_code(client, w, no_throttle):
    device = TOTPDeviceFactory(user=w.member)
    client.force_login(w.member)
    assert client.get(DISABLE).status_code == 200
    refused = client.post(DISABLE, {"password": "wrong", "code": "12"})
    assert "Neither the password nor the code is right" in str(
        refused.context["form"].non_field_errors()
    )
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # a wrong code counts here too
    empty = client.post(DISABLE, {})
    assert "Type your password or a code." in str(empty.context["form"].non_field_errors())
    assert TOTPDevice.objects.filter(user=w.member).exists()

    response = client.post(DISABLE, {"code": code_of(device)})
    assert response["Location"] == PAGE
    assert not TOTPDevice.objects.filter(user=w.member).exists()
    notice = Notification.objects.get(user=w.member)
    assert notice.url == PAGE
    assert client.get(DISABLE)["Location"] == PAGE  # nothing left to turn off

    TOTPDeviceFactory(user=w.member)
    give_recovery_codes(w.member)
    client.post(DISABLE, {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=w.member).exists()
    assert not StaticDevice.objects.filter(user=w.member).exists()


def test_new_recovery_codes_need_her_password(client, w, no_throttle):
    TOTPDeviceFactory(user=w.member)
    give_recovery_codes(w.member)
    client.force_login(w.member)
    page = client.get(CODES)
    assert page.context["recovery_left"] == 2
    wrong = client.post(CODES, {"password": "nope"})
    assert "That is not your password." in str(wrong.context["form"].errors["password"])
    assert StaticToken.objects.filter(token="abcd2345").exists()

    response = client.post(CODES, {"password": PASSWORD})
    assert response["Location"] == CODES
    shown = client.get(CODES).context["codes"]
    assert len(shown) == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()
    assert client.session.get(CODES_SESSION_KEY) is None


def test_codes_and_turning_off_need_it_on(client, w):
    client.force_login(w.member)
    assert client.get(CODES)["Location"] == PAGE
    assert client.post(CODES, {"password": PASSWORD})["Location"] == PAGE
    assert client.get(DISABLE)["Location"] == PAGE
    page = client.get(PAGE)
    assert page.status_code == 200
    assert page.context["device"] is None


# --- a lost phone: the superuser's reset ---------------------------------------------------------


def test_a_superuser_resets_a_lost_phone_recorded_and_notified(
    client, w, mailoutbox, django_capture_on_commit_callbacks
):
    TOTPDeviceFactory(user=w.member)
    give_recovery_codes(w.member)
    client.force_login(w.superuser)
    listing = client.get(USERS)
    assert list(listing.context["page"].object_list) == [w.member]
    url = reverse("members:two_factor_reset", args=[w.member.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == USERS
    assert not TOTPDevice.objects.filter(user=w.member).exists()
    assert not StaticDevice.objects.filter(user=w.member).exists()
    entry = LogEntry.objects.get(object_id=str(w.member.pk))
    assert entry.user_id == w.superuser.pk
    assert entry.content_type.model == "user"
    notice = Notification.objects.get(user=w.member)
    assert notice.url == PAGE
    assert w.superuser.get_full_name() in notice.body
    assert [m.to for m in mailoutbox] == [[w.member.email]]
    # She now logs in with her password alone.
    client.post(reverse("logout"))
    assert password_step(client, w.member)["Location"] == HOME
    # Nothing left to reset.
    client.force_login(w.superuser)
    assert client.get(url)["Location"] == USERS
    again = client.post(url)
    assert "has no two-step login to reset" in " ".join(texts(again))


def test_only_a_superuser_resets(client, w):
    TOTPDeviceFactory(user=w.member)
    url = reverse("members:two_factor_reset", args=[w.member.pk])
    for user in [w.officer, w.member, w.other_officer]:
        client.force_login(user)
        assert client.get(USERS).status_code == 403
        assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=w.member).exists()
    assert not LogEntry.objects.exists()


def test_the_superusers_list_searches_and_asks_the_same_queries_for_5_and_50(client, w):
    client.force_login(w.superuser)
    client.get(USERS)  # the session and the superuser's access, once

    def count_for(total):
        for number in range(TOTPDevice.objects.count(), total):
            TOTPDeviceFactory(user=UserFactory(username=f"dung{number:03d}"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(USERS)
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == min(total, 25)
        return len(captured.captured_queries)

    assert count_for(5) == count_for(50)
    found = client.get(USERS, {"q": "dung007"}).context["page"].object_list
    assert [u.username for u in found] == ["dung007"]
