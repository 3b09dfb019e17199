from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"

    def ready(self):
        # The catalogue files hold program templates too; the loader (in exercises, which
        # must not import this app) reads and saves them through the section registered here.
        from exercises.catalogue_loader import register_section
        from programs.prescribing.catalogue_templates import TEMPLATES

        register_section(TEMPLATES)
