"""Reading offline (issue 24): how long a user's phone may keep the pages she opened.

Only a party member keeps pages, for the number of days her committee's rules say
(`CommitteeSettings.offline_keep_days`). A user with no member record (an observer, an office
clerk, a superior's officer, a superuser) keeps nothing: what she reads is the committee's, not
her own next meeting.
"""

from cells.models import Committee
from cells.rules import rules_for
from members import access


def keep_days(user) -> int:
    """Days the user's phone may keep a page: her committee's setting; 0 for a non-member."""
    acc = access.access_for(user)
    if not acc.member_committee_id:
        return 0
    return rules_for(Committee(pk=acc.member_committee_id)).offline_keep_days
