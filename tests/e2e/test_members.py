"""The member registry in a real browser: a secretary edits a member of her cell; privacy holds."""

import re

import pytest
from playwright.sync_api import expect

from demo.management.commands.seed_demo import COMMITTEE
from members.models import Member
from tests.e2e.test_foundation import login


def _member_of(cell_code, exclude_names=()):
    """A plain official member of the school's cell `cell_code` (the commune's other committees
    have cells of the same codes)."""
    return (
        Member.objects.filter(
            memberships__cell__committee__name=COMMITTEE["name"],
            memberships__cell__code=cell_code,
            memberships__end_date__isnull=True,
            status="official",
            user__isnull=True,
            positions__isnull=True,
        )
        .exclude(full_name__in=exclude_names)
        .order_by("name_sort")
        .first()
    )


@pytest.mark.usefixtures("demo_data")
def test_secretary_changes_a_members_phone_and_sees_the_history(page, live_server, demo_password):
    base = live_server.url
    login(page, base, demo_password, username="secretary1")
    target = _member_of("CB1")

    page.locator('nav a.nav-link[href="/members/"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đảng viên")
    page.fill("#id_q", target.name_search.split()[-1])  # the given name, without diacritics
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=target.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(target.full_name)
    # As her cell's secretary she sees the personal fields.
    expect(page.get_by_text(target.citizen_id)).to_be_visible()

    page.locator(f'main a[href="/members/{target.pk}/edit/"]').click()
    page.fill("#id_phone", "0912 345 678")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(rf"/members/{target.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Đã lưu")
    expect(page.get_by_role("link", name="0912 345 678")).to_be_visible()

    page.get_by_role("link", name="Lịch sử thay đổi").click()
    entry = page.locator("ol.list-group li").first
    expect(entry).to_contain_text("Trần Thị Hồng Nhung")
    expect(entry).to_contain_text("0912 345 678")


@pytest.mark.usefixtures("demo_data")
def test_member_cannot_open_a_member_of_another_cell(page, live_server, demo_password):
    base = live_server.url
    login(page, base, demo_password, username="member1")
    stranger = _member_of("CB2")
    neighbour = _member_of("CB1", exclude_names=["Lê Văn Minh"])

    response = page.goto(f"{base}/members/{stranger.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")

    page.goto(f"{base}/members/{neighbour.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(neighbour.full_name)
    # A member of the same cell sees the name and phone, not the citizen ID.
    expect(page.get_by_text(neighbour.phone)).to_be_visible()
    assert neighbour.citizen_id not in page.content()

    page.goto(f"{base}/members/")
    expect(page.get_by_role("link", name=neighbour.full_name)).to_be_visible()
    expect(page.get_by_role("link", name=stranger.full_name)).to_have_count(0)
