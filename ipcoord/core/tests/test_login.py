from django.conf import settings
from django.urls import reverse

from ipcoord.testing.world import PASSWORD


def test_pages_need_login(client, db):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_login_in_chinese_by_default_with_csp(client, db):
    response = client.get(reverse("core:login"))
    body = response.content.decode()
    assert "登录知识产权协同保护平台" in body
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_chinese_even_for_an_english_browser(client, db):
    body = client.get(reverse("core:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录知识产权协同保护平台" in body


def test_english_selectable(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert "Sign in" in client.get(reverse("core:login")).content.decode()


def test_lockout_after_five_failures(client, world):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "bj_judge", "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": "bj_judge", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out.
    response = client.post(reverse("core:login"), {"username": "bj_clerk", "password": PASSWORD})
    assert response.status_code == 302


def test_idle_timeout_is_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST


def test_argon2_is_the_production_hasher():
    from ipcoord import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
