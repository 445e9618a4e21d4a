from django.core.management.base import BaseCommand

from conference import search


class Command(BaseCommand):
    help = "Build the site-wide search index anew from all editions, themes, workgroups, reports, ..."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} documents."))
