"""Re-checks: re-assess the vendors whose assessment may have changed (a date came, an input
moved), in runs any worker can take part in (service.py), queued by the scheduler, the CLI,
the API or a reference-data import (runner.py, router.py)."""
