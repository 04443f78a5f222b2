"""`manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]` — nhắc việc, for cron or a systemd
timer (`deploy/chibo-reminders.timer`, daily).

Gathers every reminder due (`dashboard.reminders.collect`) and sends each once
(`members.reminders.send_due`): running it twice sends nothing twice; an e-mail that fails is
retried on the next run and never stops the others. Prints, per kind, how many were sent, failed
and skipped (already sent). `--dry-run` lists what would be sent, recording and sending nothing;
`--date` runs it as on another day.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboard.reminders import collect
from members.models import Reminder
from members.reminders import already_sent, send_due


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("Give the date as YYYY-MM-DD (for example 2026-03-05), not “%(value)s”.")
            % {"value": value[:40]}
        ) from error


class Command(BaseCommand):
    help = "Send the reminders due today, each once (meetings, tasks, probation, reviews, fees)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the reminders due; send nothing."
        )
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD); today by default.")

    def handle(self, *args, dry_run=False, date=None, **options):
        with translation.override(settings.LANGUAGE_CODE):
            today = _date(date) if date is not None else timezone.localdate()
            reminders = collect(today=today)
            if dry_run:
                self._dry_run(reminders, today)
            else:
                self._send(reminders, today)

    def _label(self, kind: str) -> str:
        return str(Reminder.Kind(kind).label)

    def _dry_run(self, reminders, today):
        sent = already_sent(reminders)
        pending = [r for r in reminders if r.identity not in sent]
        self.stdout.write(
            _("Reminders due on %(day)s (dry run: nothing is sent or recorded):")
            % {"day": f"{today:%d/%m/%Y}"}
        )
        for reminder in pending:
            self.stdout.write(
                f"  [{self._label(reminder.kind)}] {reminder.user.get_full_name()}"
                f" <{reminder.user.email or '—'}>: {reminder.title}"
            )
        self.stdout.write(
            _("%(pending)s to send, %(skipped)s already sent.")
            % {"pending": len(pending), "skipped": len(reminders) - len(pending)}
        )

    def _send(self, reminders, today):
        summary = send_due(reminders)
        self.stdout.write(_("Reminders of %(day)s:") % {"day": f"{today:%d/%m/%Y}"})
        for kind in Reminder.Kind.values:
            tally = summary.kinds.get(kind)
            if tally is None:
                continue
            self.stdout.write(
                "  "
                + _("%(kind)s: %(sent)s sent, %(failed)s failed, %(skipped)s skipped")
                % {
                    "kind": self._label(kind),
                    "sent": tally.sent,
                    "failed": tally.failed,
                    "skipped": tally.skipped,
                }
            )
        total = summary.total
        line = _("In all: %(sent)s sent, %(failed)s failed, %(skipped)s skipped.") % {
            "sent": total.sent,
            "failed": total.failed,
            "skipped": total.skipped,
        }
        self.stdout.write(line)
        if total.failed:
            self.stderr.write(
                ngettext(
                    "%(failed)s e-mail could not be sent; it is tried again at the next run.",
                    "%(failed)s e-mails could not be sent; they are tried again at the next run.",
                    total.failed,
                )
                % {"failed": total.failed}
            )
