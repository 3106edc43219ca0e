# gunicorn settings for the store; see docs/deploy.md.
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/kramnytsia/gunicorn.sock")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = 2
timeout = 30
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
