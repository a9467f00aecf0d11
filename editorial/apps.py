from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Medical Advisory Board"

    def ready(self) -> None:
        from editorial import caching

        caching.connect_editorial()
