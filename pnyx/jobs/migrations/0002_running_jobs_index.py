"""An index on the running jobs of django-tasks-db's table, for the lease check that every
worker runs every few seconds (the library indexes only the ready jobs). Partial indexes
are supported by both PostgreSQL and SQLite."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_periodic_job_run"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX jobs_running_started_idx ON django_tasks_database_dbtaskresult "
                "(started_at) WHERE status = 'RUNNING'"
            ),
            reverse_sql="DROP INDEX jobs_running_started_idx",
        )
    ]
