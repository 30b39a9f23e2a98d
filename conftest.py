"""Fixtures shared by every app's tests."""

import pytest
from django.db import connection

from ipcoord.testing.browser import browser, page  # noqa: F401  (fixtures for every app)
from ipcoord.testing.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests use MD5 only to stay fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def use_task_backend(settings, backend: str) -> None:
    """Point django.tasks at another backend; its handler caches the configured ones."""
    from asgiref.local import Local
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": ["default"]}}
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    # The worker's database queue is exercised by its own test; elsewhere tasks run inline.
    use_task_backend(settings, "django.tasks.backends.immediate.ImmediateBackend")
    yield
    use_task_backend(settings, "django.tasks.backends.immediate.ImmediateBackend")
