"""The guide's pages: one per role, each a Vietnamese template under `templates/guide/vi/`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    slug: str
    title: object  # a lazy translation
    summary: object
    icon: str

    @property
    def template(self) -> str:
        return f"guide/vi/{self.slug}.html"


ROLES: dict[str, Role] = {
    role.slug: role
    for role in (
        Role(
            "secretary",
            _("The cell secretary's month"),
            _(
                "Prepare the meeting, publish it, record attendance, minutes, votes and tasks, "
                "approve the minutes, collect the fees."
            ),
            "bi-person-gear",
        ),
        Role(
            "member",
            _("The member's month"),
            _(
                "Read the agenda and the documents, comment before the meeting, your tasks, "
                "your self-assessment, studying resolutions."
            ),
            "bi-person",
        ),
        Role(
            "committee",
            _("The committee's month and year"),
            _(
                "The dashboard, following up the cells, the year-end review, reports, fees, "
                "the library and the settings."
            ),
            "bi-building",
        ),
    )
}
