from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Medical Advisory Board"

    def ready(self) -> None:
        # Imported once the app registry is ready (Django's rule for AppConfig.ready): the
        # settings checks register themselves at import, and the page cache learns which of
        # this app's changes make readers' pages stale.
        from editorial import caching, checks, notifications, publishing, sessions  # noqa: F401
        from editorial.company_sign_in import checks as company_checks  # noqa: F401
        from editorial.company_sign_in import roles

        caching.connect_editorial()
        sessions.connect()
        roles.connect()
        # A scheduled publication carried out tells the authors and the editors (the two modules
        # are sibling layers, so they meet here).
        publishing.on_scheduled_go_live(notifications.scheduled_publication_live)
