"""Who may see and change the committee's periodic reports (DESIGN §3, DOMAIN §10, §15).

| who                                        | a committee's reports                            |
|--------------------------------------------|--------------------------------------------------|
| committee officer (position or grant)      | reads every version; creates, edits, submits,    |
|                                            | corrects                                         |
| observer of the committee                  | reads every version (403 on a change)            |
| superior's officer                         | reads the submitted versions of the committees   |
|                                            | under her superior on the report's last day      |
| superuser                                  | reads everything (she administers; she does not  |
|                                            | write a committee's reports: 403)                |
| members, clerks                            | nothing: the list 403 (they see the committee),  |
|                                            | a report 404                                     |

Reading is `PeriodReport.objects.visible_to(user)`; the helpers below answer 404 for what the user
may not see and 403 for what she sees but may not change.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cells.models import Committee
from members import access
from reports.models import PeriodReport


def may_write(user, committee_id: int) -> bool:
    """The committee's officers (not its observers, not a superuser as such, not a superior's
    officer) create, edit, submit and correct its reports."""
    return committee_id in access.access_for(user).officer_committees


def get_reports_committee(user, pk: int) -> Committee:
    """The committee whose list of reports the user opens: 404 if she sees neither the committee
    nor any of its reports as a superior's officer; 403 if she sees the committee but not its
    reports (members, clerks)."""
    acc = access.access_for(user)
    readers = acc.officer_committees | acc.observer_committees
    if not (acc.is_superuser or pk in readers or pk in access.superior_scope(user)):
        if pk in acc.view_committees:
            raise PermissionDenied
        raise Http404
    committee = Committee.objects.filter(pk=pk).first()
    if committee is None:
        raise Http404
    return committee


def get_report_for_user(user, pk: int, *, write: bool = False) -> PeriodReport:
    """A version the user reads (404 otherwise); with `write`, 403 unless she writes the
    committee's reports."""
    report = PeriodReport.objects.visible_to(user).with_related().filter(pk=pk).first()
    if report is None:
        raise Http404
    if write and not may_write(user, report.committee_id):
        raise PermissionDenied
    return report
