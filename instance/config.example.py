# Copy to instance/config.py. Environment variables GJESTEBUD_<NAME> override every value here.

# A long random string (at least 32 characters), the same on every app server:
#     python -c "import secrets; print(secrets.token_hex(32))"
# The app refuses to start with this placeholder. Remove the line on a single server to use a random key
# kept in instance/secret_key.
SECRET_KEY = "change-me"

# SQLite in this folder by default; PostgreSQL in production:
# DATABASE_URL = "postgresql+psycopg://gjestebud:password@127.0.0.1:5432/gjestebud"

# The address residents reach the site on; used in links in mails.
BASE_URL = "https://gjestebud.example.no"

MAIL_BACKEND = "smtp"
MAIL_SERVER = "smtp.example.no"
MAIL_PORT = 587
MAIL_USE_TLS = True
MAIL_USERNAME = "gjestebud"
MAIL_PASSWORD = "secret"
MAIL_SENDER = "Gjestebud <gjestebud@example.no>"

# Shared rate-limit counters when several app servers run:
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
