from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts import signals  # noqa: F401  (connects the audit receivers)
        from accounts.db_roles import grant_after_migrate

        post_migrate.connect(grant_after_migrate, sender=self)
