"""``manage.py db_worker``: django-tasks-db's worker, kept alive through a database outage.

The package's worker (``django_tasks_db.management.commands.db_worker``) re-raises any
database error other than "database is locked", so a PostgreSQL restart or fail-over ends the
process and no e-mail is sent until someone restarts it. This command (``conference`` comes
before ``django_tasks_db`` in ``INSTALLED_APPS``, so its ``db_worker`` wins) runs the same
worker with the same options, but when the database cannot be reached it logs a warning,
drops the broken connection, waits (1 s, doubling up to 30 s) and carries on. Any other error
still ends it. A task this worker was running when the connection broke (marked RUNNING, so
no worker would ever take it again) is put back in the queue once the database answers. Both of
the portal's tasks may run again: ``conference.tasks.send_email`` claims its outbox row before
sending, so it never sends an e-mail twice (at most once, see ``conference/tasks.py``) and only
sends one whose claim never reached the database; ``compose_email`` stores its e-mail under a
unique key, so composing it again stores nothing new.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django.tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as PackageCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT, LONGEST_WAIT = 1.0, 30.0


class ResilientWorker(Worker):
    def run(self) -> None:
        wait, interrupted = FIRST_WAIT, False
        while self.running:
            started = time.monotonic()
            try:
                if interrupted:
                    self.requeue_interrupted()
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                interrupted = True
                if time.monotonic() - started > LONGEST_WAIT:
                    wait = FIRST_WAIT  # it ran fine for a while: a new outage starts with a short wait
                logger.warning("Database unavailable (%s); trying again in %.0f s.", str(error).strip(), wait)
                for connection in connections.all(initialized_only=True):
                    connection.close()  # a broken connection is opened anew on the next query
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
        return None

    def requeue_interrupted(self) -> None:
        """Put the tasks this worker was running when the database went away back in the queue."""
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, backend_name=self.backend_name)
        mine = [pk for pk, workers in running.values_list("pk", "worker_ids") if workers[-1:] == [self.worker_id]]
        if mine:
            DBTaskResult.objects.filter(pk__in=mine, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            logger.warning("Put %d interrupted task(s) back in the queue.", len(mine))


class Command(PackageCommand):
    help = "Run the database background worker; it waits out database outages instead of stopping."

    def handle(self, *args, **options):
        import django_tasks_db.management.commands.db_worker as package

        original = package.Worker
        package.Worker = ResilientWorker  # the package's handle() builds the worker from this name
        try:
            return super().handle(*args, **options)
        finally:
            package.Worker = original
