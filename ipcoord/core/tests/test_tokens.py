"""API tokens: shown once, kept as digests, replaced and revoked through the services."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from ipcoord.core import services
from ipcoord.core.exceptions import PermissionDenied
from ipcoord.core.models import ApiToken, AuditEvent
from ipcoord.core.tokens import api_token_issue, api_token_revoke, token_digest

ME = "/api/v1/organisations/"


def _get(token: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.get(ME).status_code


@pytest.fixture
def person(db):
    return services.user_create(actor=None, username="zhang", password="Pass-2026-long!")


def test_a_token_works_but_the_database_holds_only_its_digest(person):
    token = api_token_issue(actor=None, user=person)
    assert _get(token) == 200
    stored = ApiToken.objects.get(user=person)
    assert stored.digest == token_digest(token) and token not in stored.digest
    assert _get(stored.digest) == 401  # a copy of the database opens nothing
    assert _get(token[:-1] + ("0" if token[-1] != "0" else "1")) == 401
    assert AuditEvent.objects.filter(action="user.api_token_issue").count() == 1


def test_a_new_token_replaces_the_old_and_a_revoked_one_stops(person):
    old = api_token_issue(actor=None, user=person)
    new = api_token_issue(actor=person, user=person)
    assert (_get(old), _get(new)) == (401, 200)
    assert api_token_revoke(actor=None, user=person) is True
    assert _get(new) == 401 and api_token_revoke(actor=None, user=person) is False


def test_an_inactive_users_token_is_refused(person):
    token = api_token_issue(actor=None, user=person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert _get(token) == 401


def test_nobody_else_issues_a_users_token(person):
    other = services.user_create(actor=None, username="li", password="Pass-2026-long!")
    with pytest.raises(PermissionDenied):
        api_token_issue(actor=other, user=person)
    assert not ApiToken.objects.exists()


def test_the_command_prints_the_token_once(person, capsys):
    call_command("api_token", "zhang")
    token = capsys.readouterr().out.strip()
    assert _get(token) == 200
    call_command("api_token", "zhang", "--revoke")
    assert _get(token) == 401


def test_tokens_kept_in_clear_by_the_old_table_are_hashed_and_the_table_dropped(
    transactional_db,  # SQLite's schema editor cannot run inside the test's transaction
):
    person = services.user_create(actor=None, username="wang", password="Pass-2026-long!")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, "
            "created timestamp)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, user_id) VALUES (%s, %s)", ["a" * 40, person.pk]
        )
    migration = importlib.import_module("ipcoord.core.migrations.0005_api_token")
    with connection.schema_editor() as editor:
        migration.hash_clear_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert _get("a" * 40) == 200
