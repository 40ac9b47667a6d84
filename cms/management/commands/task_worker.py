from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background tasks (members' photos, renditions, webhook deliveries, scheduled go-live) with the worker MOMENTS_TASKS "
        "chose: RQ's on Redis, or django-tasks' database worker. Run one or more beside the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="run what is queued now, then stop")
        parser.add_argument("--worker-class", default="rq.Worker", help="RQ only: rq.SimpleWorker runs tasks without forking")

    def handle(self, *args, burst: bool = False, worker_class: str = "rq.Worker", **options):
        queues = settings.TASKS["default"]["QUEUES"]
        if settings.MOMENTS_TASKS == "rq":
            self.stdout.write(f"RQ worker on {', '.join(queues)}, with the scheduler for tasks due later")
            flags = ["--burst"] if burst else []
            call_command("rqworker", *queues, *flags, with_scheduler=True, job_class="django_tasks_rq.Job", worker_class=worker_class)
        elif settings.MOMENTS_TASKS == "database":
            self.stdout.write(f"Database task worker on {', '.join(queues)}")
            call_command("db_worker", queue_name=",".join(queues), batch=burst, reload=False)
        else:
            self.stdout.write("MOMENTS_TASKS=immediate: tasks run as they are enqueued, no worker is needed.")
