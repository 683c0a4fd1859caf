"""Safe defaults. Deployments override them in instance/config.py or with GJESTEBUD_* variables."""

from datetime import timedelta

# Overridden by instance/config.py or GJESTEBUD_SECRET_KEY. Left as it is, create_app replaces it with a
# random key kept in instance/secret_key; a configured key that is short or well known stops the app at start
# outside debug and testing.
SECRET_KEY = "dev-only-change-me"
# Secret links are hashed with a key derived from SECRET_KEY. Links handed out before that change were hashed
# with SECRET_KEY itself; they keep working while this is on. Turn it off once those rounds are archived.
LEGACY_LINK_HASHES = True
# None means "SQLite in the instance folder"; create_app fills in the path.
DATABASE_URL = None
# When the database drops a request's connection, wait this many seconds and try the request once more on a
# fresh one (where that is safe); if it is still away, answer 503 with this Retry-After (seconds).
DATABASE_RETRY_DELAY = 1.0
DATABASE_RETRY_AFTER = 60
BASE_URL = "http://127.0.0.1:5000"

MAIL_BACKEND = "console"  # "smtp" or "console"
MAIL_SERVER = "localhost"
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_SENDER = "gjestebud@localhost"
MAIL_TIMEOUT = 10
# Retry a failed delivery after 1, 2, 4 ... minutes, up to this many attempts, then keep it for staff to see.
MAIL_MAX_ATTEMPTS = 12
# True leaves queued mail to `flask send-mail` (cron) instead of a sender thread woken after each request.
MAIL_DEFER = False

# "memory://" counts per process: with several gunicorn workers the app refuses to start outside development;
# use a shared store such as "redis://127.0.0.1:6379/0" there.
RATELIMIT_STORAGE_URI = "memory://"
# Off only in tests that exercise something else; flask-limiter reads it too.
RATELIMIT_ENABLED = True
# How many reverse proxies in front of the app add X-Forwarded-For/-Proto/-Host (nginx alone: 1). The limits
# key on the client address these give; 0 ignores the headers (anyone can send them).
TRUSTED_PROXIES = 0
RATELIMIT_SIGNUP = "10 per hour"
RATELIMIT_LOST_LINK = "5 per hour"
RATELIMIT_TOKEN_LOOKUP = "60 per minute"
RATELIMIT_LOGIN = "20 per 10 minutes"
# Werkzeug's method string; tests use a cheap one.
PASSWORD_HASH_METHOD = "scrypt"
# Failed staff log-ins per account name and client address before that pair must wait LOGIN_BACKOFF_BASE,
# doubling with each further failure up to LOGIN_BACKOFF_MAX; failures older than LOGIN_FAILURE_WINDOW lapse.
LOGIN_FREE_FAILURES = 5
LOGIN_BACKOFF_BASE = timedelta(minutes=1)
LOGIN_BACKOFF_MAX = timedelta(minutes=15)
LOGIN_FAILURE_WINDOW = timedelta(hours=24)
# Wrong codes allowed in one two-factor step before the log-in starts again from the password.
TWO_FACTOR_MAX_ATTEMPTS = 5

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
# A personal link opened in a browser is kept in its session this long after the host's last request, so the
# pages work without the secret in their address; then the link from the e-mail opens them again.
HOST_SESSION_LIFETIME = timedelta(hours=12)
WTF_CSRF_TIME_LIMIT = None  # a resident may keep the report form open all evening

# Dates and times are shown, and "today" (a report's date, deadlines) is reckoned, in this zone.
TIMEZONE = "Europe/Oslo"
# Sign-ups whose address nobody confirmed are erased after this many days (flask erase-expired).
UNCONFIRMED_SIGNUP_DAYS = 7

LANGUAGES = ("nb", "nn", "en", "se")
DEFAULT_LANGUAGE = "nb"
MAX_CONTENT_LENGTH = 2 * 1024 * 1024

# Demo accounts' password; None means a random one printed by `flask load-demo`.
DEMO_PASSWORD = None
