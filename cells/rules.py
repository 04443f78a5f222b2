"""The one place code reads a committee's rule settings (DOMAIN: every threshold is a setting)."""

from cells.models import Committee, CommitteeSettings


def rules_for(committee: Committee) -> CommitteeSettings:
    """The committee's settings; the DOMAIN defaults (unsaved) if none were ever stored."""
    try:
        return committee.rules
    except CommitteeSettings.DoesNotExist:
        return CommitteeSettings(committee=committee)
