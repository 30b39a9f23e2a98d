"""`ipcoord webhooks dispatch` — for cron: enqueue delivery for every subscription behind.

    */1 * * * *  ipcoord webhooks dispatch

Services write the audit trail (and so the feed) without knowing about webhooks; this
command, run every minute, is what notices new items. `--now` delivers in this process
instead of enqueueing (useful without a worker).
"""

from django.core.management.base import BaseCommand, CommandParser

from ipcoord.exchange.webhooks import subscription_deliver, subscriptions_due


class Command(BaseCommand):
    help = "Webhooks: enqueue (or run with --now) deliveries for subscriptions behind the feed."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        dispatch = sub.add_parser("dispatch", help="enqueue deliver for every due subscription")
        dispatch.add_argument("--now", action="store_true", help="deliver here, not via tasks")

    def handle(self, *args: object, **options: object) -> None:
        from ipcoord.exchange.tasks import deliver, feed_dispatch

        if options["now"]:
            for pk in subscriptions_due():
                result = subscription_deliver(subscription_id=pk)
                self.stdout.write(f"subscription {pk}: {result.outcome} ({result.sent} items)")
            return
        result = feed_dispatch.enqueue()
        count = result.return_value if result.is_finished else "?"
        self.stdout.write(f"dispatch queued ({count} subscriptions); deliver via {deliver.name}")
