import pytest

from tests.factories import author_user, board_user, editor_user


@pytest.fixture
def author(db):
    return author_user()


@pytest.fixture
def editor(db):
    return editor_user()


@pytest.fixture
def board_member(db):
    return board_user()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
