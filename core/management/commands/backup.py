"""`manage.py backup`: an archive of the database and the uploaded files (core/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.backup import BackupError, backup_create, generate_key


class Command(BaseCommand):
    help = (
        "Write one archive (chibo-<date>-<time>.tar.gz, encrypted with BACKUP_KEY when set) of "
        "the database and every uploaded file, then delete archives older than --keep-days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", type=Path, help="where to write the archive (default: BACKUP_DIR)"
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=30,
            help="delete the archives in the folder older than this many days (0: keep all)",
        )
        parser.add_argument(
            "--generate-key", action="store_true", help="print a new key for BACKUP_KEY and stop"
        )

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(generate_key())
            return
        with translation.override(settings.LANGUAGE_CODE):
            if options["keep_days"] < 0:
                raise CommandError(_("--keep-days must be 0 or more."))
            try:
                result = backup_create(
                    output_dir=options["output_dir"],
                    key=settings.BACKUP_KEY or None,
                    keep_days=options["keep_days"],
                )
            except BackupError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                _("Backup written: %(path)s (%(size)s, %(seconds).1f s).")
                % {
                    "path": result.path,
                    "size": filesizeformat(result.size),
                    "seconds": result.seconds,
                }
            )
            self.stdout.write(
                _(
                    "Database (%(engine)s): %(tables)s tables, %(rows)s rows; uploaded files: "
                    "%(files)s (%(media)s)."
                )
                % {
                    "engine": result.engine,
                    "tables": len(result.tables),
                    "rows": result.rows,
                    "files": result.media_files,
                    "media": filesizeformat(result.media_bytes),
                }
            )
            self.stdout.write(
                _("Encrypted with BACKUP_KEY.")
                if result.encrypted
                else _("Not encrypted (BACKUP_KEY is not set).")
            )
            if options["verbosity"] >= 2:
                for table, rows in sorted(result.tables.items()):
                    self.stdout.write(f"  {table}: {rows}")
            if result.pruned:
                self.stdout.write(
                    ngettext(
                        "Deleted %(count)d archive older than %(days)d days.",
                        "Deleted %(count)d archives older than %(days)d days.",
                        len(result.pruned),
                    )
                    % {"count": len(result.pruned), "days": options["keep_days"]}
                )
