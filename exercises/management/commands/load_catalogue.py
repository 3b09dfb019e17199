from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.catalogue_loader import (
    CATALOGUE_DIR,
    OUTCOMES,
    load_catalogue,
    read_catalogue,
    section_names,
)
from exercises.catalogue_schema import CatalogueError


class Command(BaseCommand):
    help = (
        "Load the shared exercise catalogue (equipment, conditions, exercises and program "
        "templates) from the YAML files in exercises/catalogue/. Safe to run again: rows are "
        "inserted or updated by slug, never duplicated and never deleted, and a clinic's own "
        "exercises are left alone. Everything is checked first and saved in one transaction, "
        "so a bad file names the file, entry and field and saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=CATALOGUE_DIR,
            help="Folder holding the catalogue *.yaml files (default: %(default)s).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the files and report problems; write nothing.",
        )

    def handle(self, *args, path, check, **options):
        try:
            catalogue = read_catalogue(path)
            if check:
                self.stdout.write(self.style.SUCCESS(f"The catalogue in {path} is valid."))
                return
            counts = load_catalogue(catalogue=catalogue)
        except CatalogueError as error:
            raise CommandError(f"Catalogue not loaded: {error}") from error
        for section in section_names():
            self.stdout.write(
                f"{section.capitalize():<11} "
                + ", ".join(f"{counts[section, outcome]} {outcome}" for outcome in OUTCOMES)
            )
        self.stdout.write(self.style.SUCCESS("Catalogue loaded."))
