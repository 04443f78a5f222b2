"""gunicorn settings for chibo in production (deploy/chibo.service: `gunicorn -c deploy/gunicorn.conf.py`).

The app listens on a Unix socket that nginx (deploy/nginx-chibo.conf) forwards to; each value can be
changed from the environment file without editing this one.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
# systemd's RuntimeDirectory=chibo creates /run/chibo for the chibo user.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/chibo/chibo.sock")
# gunicorn's control socket (`gunicornc`) beside the app's socket, not in the user's home, which
# the unit makes read-only.
if bind.startswith("unix:"):
    control_socket = os.path.join(os.path.dirname(bind[len("unix:") :]), "gunicorn.ctl")
# Two processes per core and one more: a school's 50 users need far fewer, a district's more.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# A DOCX or an .xlsx year report takes a second at most; an upload is read by nginx first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Recycle each process now and then (a leak in a library never grows without bound).
max_requests = 2000
max_requests_jitter = 200
# Logs go to the journal (journalctl -u chibo); the access log names no query string's secrets:
# chibo puts none in URLs except the calendar feed's token, which the access log format omits.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
