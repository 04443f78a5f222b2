"""`manage.py restore <archive>`: the database and the uploaded files back from a backup
(core/backup.py); everything is checked before anything changes."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive written by `backup`. "
        "A database that is not empty is replaced only with --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace what a database that is not empty holds (the old uploaded files are kept)",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation before replacing",
        )

    def _confirm(self, name: str) -> bool:
        answer = input(
            _(
                "Everything the database %(name)s holds will be replaced by the archive. "
                "Type “yes” to go on: "
            )
            % {"name": name}
        )
        return answer.strip().lower() in {"yes", "có", "co"}

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            confirm = self._confirm if options["replace"] and options["interactive"] else None
            try:
                result = backup_restore(
                    options["archive"],
                    key=settings.BACKUP_KEY or None,
                    replace=options["replace"],
                    confirm=confirm,
                )
            except BackupError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                _("Restored %(path)s (%(size)s, made %(created)s) in %(seconds).1f s.")
                % {
                    "path": result.archive,
                    "size": filesizeformat(result.size),
                    "created": result.created_at[:19].replace("T", " "),
                    "seconds": result.seconds,
                }
            )
            if options["verbosity"] >= 2:
                for table, rows in sorted(result.restored.items()):
                    self.stdout.write(f"  {table}: {rows}")
            for table, (expected, restored) in sorted(result.mismatches.items()):
                self.stderr.write(
                    _("Table %(table)s: %(expected)s rows in the archive, %(restored)s restored.")
                    % {"table": table, "expected": expected, "restored": restored}
                )
            self.stdout.write(
                _("Uploaded files: %(files)s, in %(media)s.")
                % {"files": result.media_files, "media": settings.MEDIA_ROOT}
            )
            if result.media_kept_at:
                self.stdout.write(
                    _("The uploaded files that were there before are kept in %(path)s.")
                    % {"path": result.media_kept_at}
                )
            if result.migrations_missing:
                self.stdout.write(
                    _(
                        "The archive lacks %(count)s migrations of this code: run "
                        "“manage.py migrate” now."
                    )
                    % {"count": len(result.migrations_missing)}
                )
            if result.mismatches:
                raise CommandError(_("The restored row counts differ from the archive's manifest."))
            self.stdout.write(
                _(
                    "Database (%(engine)s): %(tables)s tables, %(rows)s rows — every count "
                    "matches the archive's manifest."
                )
                % {
                    "engine": result.engine,
                    "tables": len(result.restored),
                    "rows": result.rows,
                }
            )
