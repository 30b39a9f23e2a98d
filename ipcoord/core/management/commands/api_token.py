"""`ipcoord api_token USERNAME`: issue a user's API token (shown once) or, with --revoke,
withdraw it. The database keeps only the token's digest (core/tokens.py)."""

from django.core.management.base import BaseCommand, CommandError

from ipcoord.core.models import User
from ipcoord.core.tokens import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = "Issue a user's API token (printed once; the old one stops working) or --revoke it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="withdraw the token")

    def handle(self, *args: object, username: str, revoke: bool = False, **options: object) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if revoke:
            had = api_token_revoke(actor=None, user=user)
            self.stdout.write("revoked" if had else "no token to revoke")
            return
        self.stdout.write(api_token_issue(actor=None, user=user))
