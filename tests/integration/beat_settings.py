"""Settings for the `celery beat` processes the fault tests start: the project's settings with a fast schedule.

TEST_BEAT_ENTRIES picks the entries (comma-separated): `nightly` fires the nightly
report task every half second (as if every tick were 02:30), `builds-sweep` the
report-build sweep every second with short timeouts.
"""

import os

from sangaku.settings import *  # noqa: F403

_ENTRIES = {
    "nightly": {"task": "reporting.tasks.build_nightly_platform_report", "schedule": 0.5},
    "builds-sweep": {
        "task": "reporting.tasks.sweep_platform_report_builds",
        "schedule": 1.0,
        "kwargs": {"queued_older_than_seconds": 1, "running_older_than_seconds": 2},
    },
    "mail-sweep": {
        "task": "notifications.tasks.deliver_pending_notifications",
        "schedule": 1.0,
        "kwargs": {"older_than_seconds": 0},
    },
}
CELERY_BEAT_SCHEDULE = {name: _ENTRIES[name] for name in os.environ.get("TEST_BEAT_ENTRIES", "").split(",") if name}
