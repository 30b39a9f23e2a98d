"""`ipcoord demo_logins`: the demo users' usernames, password, organisations and roles."""

from typing import Any

from django.core.management.base import BaseCommand

from ipcoord.demo.people import demo_logins, demo_password, format_table


class Command(BaseCommand):
    help = "Print the logins of the demo users (built by `ipcoord demo`)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write("No demo users in this database: run `ipcoord demo` first.")
            return
        password = demo_password()
        rows = [(x.username, password, x.full_name, x.organisation, x.role) for x in logins]
        header = ("用户名 username", "密码 password", "姓名", "机构 organisation", "角色 role")
        self.stdout.write(format_table(header, rows))
