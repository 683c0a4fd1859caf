"""Safe defaults. Deployments override them in instance/config.py or with GJESTEBUD_* variables."""

from datetime import timedelta

# Overridden by instance/config.py or GJESTEBUD_SECRET_KEY; create_app refuses this value outside debug/testing.
SECRET_KEY = "dev-only-change-me"
# None means "SQLite in the instance folder"; create_app fills in the path.
DATABASE_URL = None
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

RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_SIGNUP = "10 per hour"
RATELIMIT_LOST_LINK = "5 per hour"
RATELIMIT_TOKEN_LOOKUP = "60 per minute"
RATELIMIT_LOGIN = "20 per 10 minutes"
# Werkzeug's method string; tests use a cheap one.
PASSWORD_HASH_METHOD = "scrypt"
# Failed staff log-ins in a row before the account is locked for LOGIN_LOCKOUT.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT = timedelta(minutes=15)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
WTF_CSRF_TIME_LIMIT = None  # a resident may keep the report form open all evening

LANGUAGES = ("nb", "nn", "en", "se")
DEFAULT_LANGUAGE = "nb"
MAX_CONTENT_LENGTH = 2 * 1024 * 1024

# Demo accounts' password; None means a random one printed by `flask load-demo`.
DEMO_PASSWORD = None
