from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self) -> None:
        # Imported here, not at the top, because models can only be imported once the app
        # registry is ready (Django's rule for AppConfig.ready), not to work around a cycle.
        from articles import caching
        from articles.publication import publication_record_refresh, publication_records_rebuild
        from articles.retractions import acknowledgements_move
        from articles.services import article_citations_move
        from editorial.page_keys import on_keys_changed
        from editorial.publishing import on_publication_change
        from references.services import register_citation_holder

        # A merge of two library records moves the citations of articles' working copies, and
        # the editors' acknowledgements of a retracted work.
        register_citation_holder(article_citations_move)
        register_citation_holder(acknowledgements_move)
        # Which of this app's changes make readers' pages stale.
        caching.connect_articles()
        # The publication record of an article, rebuilt with every change of its inputs.
        on_publication_change(publication_record_refresh)
        on_keys_changed(publication_records_rebuild)
