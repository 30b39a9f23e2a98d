"""`ipcoord verify-audit`: check the audit hash chain and name the first broken event."""

from django.core.management.base import BaseCommand, CommandError

from ipcoord.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the SHA-256 chain of the audit trail; exit 1 at the first broken event."

    def handle(self, *args: object, **options: object) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"audit chain broken at event {report.broken_seq}: {report.reason} "
                f"({report.checked} events verified before it)"
            )
        self.stdout.write(f"audit chain intact: {report.checked} events verified")
