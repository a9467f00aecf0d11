from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Medical Advisory Board"

    def ready(self) -> None:
        # Registers the settings checks (Django's way: checks are registered at import).
        from editorial import checks  # noqa: F401
