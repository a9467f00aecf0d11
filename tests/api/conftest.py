import pytest

from api.keys import forget_keys
from api.throttling import forget_counts
from articles.models import Article, Topic
from tests.factories import article_in_state


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each test counts its requests from zero and reads API keys afresh."""
    forget_counts()
    forget_keys()
    yield
    forget_counts()
    forget_keys()


@pytest.fixture
def published(editor, board_member) -> Article:
    article = article_in_state("approved", editor=editor, board=board_member)
    Topic.objects.create(name="Attachment", slug="attachment").articles.add(article)
    return Article.objects.get(pk=article.pk)
