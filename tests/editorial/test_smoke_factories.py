import pytest

from editorial.workflow import ReviewState
from tests.factories import PATHS, article_in_state


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", *PATHS])
def test_article_in_state_reaches_each_state(state):
    assert article_in_state(state).status == ReviewState(state)
