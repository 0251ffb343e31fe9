# concepts: logging, debugger, profiling, unit-testing, environment-config, hardcoded-secret
# Not a test module (tests and their secrets are in testing.py): its constants are settings.
import cProfile
#      ^^^^^^^^ !profiling
import logging
import os
import pdb
import pstats
import timeit

from decouple import config
#                    ^^^^^^ !environment-config
from django.test import override_settings

logger = logging.getLogger(__name__)
#        ^^^^^^^^^^^^^^^^^ logging
logging.basicConfig(level=logging.INFO)
# <- logging

SECRET_KEY = "django-insecure-1234567890"
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret
DATABASE_PASSWORD = "hunter2"
#                   ^^^^^^^^^ hardcoded-secret
STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]
#                ^^^^^^^^^^ environment-config
AUTH_TOKEN = config("AUTH_TOKEN")
#            ^^^^^^ environment-config
TOKEN_TYPE = "Bearer"
#            ^^^^^^^^ !hardcoded-secret
PASSWORD_FIELD = "password"
#                ^^^^^^^^^^ !hardcoded-secret
EMPTY_SECRET = ""
#              ^^ !hardcoded-secret
DEBUG_TOOLBAR = os.getenv("DEBUG_TOOLBAR", "0") == "1"
#               ^^^^^^^^^ environment-config
REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
#           ^^^^^^^^^^^^^^ environment-config


class Settings:
    aws_secret_access_key = "AKIAEXAMPLESECRET"
#                           ^^^^^^^^^^^^^^^^^^^ hardcoded-secret


def connect(db):
    return db.connect(host="db", password="s3cr3t", timeout=5)
#                                         ^^^^^^^^ hardcoded-secret


def rotate(user, new_password):
    # Inside a function: a local value, not a hard-coded module setting.
    password = "temporary"
#              ^^^^^^^^^^^ !hardcoded-secret
    user.set_password(new_password)
#   ^^^^^^^^^^^^^^^^^ !logging
    logger.info("rotated password for %s", user.pk)
#   ^^^^^^^^^^^ logging
    return password


def debug_order(order):
    pdb.set_trace()
#   ^^^^^^^^^^^^^^^ debugger
    breakpoint()
#   ^^^^^^^^^^^^ debugger
    order.debug()
#   ^^^^^^^^^^^^^ !debugger
    return order


def profile_report():
    profiler = cProfile.Profile()
#              ^^^^^^^^^^^^^^^^ profiling
    profiler.enable()
#   ^^^^^^^^^^^^^^^ profiling
    stats = pstats.Stats(profiler)
#           ^^^^^^^^^^^^ profiling
    elapsed = timeit.timeit("sum(range(100))", number=1000)
#             ^^^^^^^^^^^^^ profiling
    return stats, elapsed


# Placeholders filled in later are not secrets.
TEMPLATE_SECRET_KEY = "{{ secret_key }}"
#                     ^^^^^^^^^^^^^^^^^^ !hardcoded-secret
DEPLOY_TOKEN = "${DEPLOY_TOKEN}"
#              ^^^^^^^^^^^^^^^^ !hardcoded-secret
SMTP_PASSWORD = "<your-smtp-password>"
#               ^^^^^^^^^^^^^^^^^^^^^^ !hardcoded-secret
SENTRY_API_KEY = "xxxxxxxxxxxx"
#                ^^^^^^^^^^^^^^ !hardcoded-secret
MAILGUN_API_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
#                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret


class ViewRestriction:
    # A constant whose value spells its name is a label, not a secret.
    PASSWORD = "password"
#              ^^^^^^^^^^ !hardcoded-secret
    API_KEY = "api-key"
#             ^^^^^^^^^ !hardcoded-secret
    DEFAULT_PASSWORD = "password"
#                      ^^^^^^^^^^ hardcoded-secret
    # Some of the name's words, not only the secret's own: a kind of token, named.
    ACTIVATION_TOKEN = "activation"
#                      ^^^^^^^^^^^^ !hardcoded-secret
    PASSWORD_CHANGE_TOKEN = "change_password"
#                           ^^^^^^^^^^^^^^^^^ !hardcoded-secret
    SESSION_SECRET = "secret"
#                    ^^^^^^^^ hardcoded-secret


class CheckoutChecks:
    # A test method of a helper class: what its decorator passes is test data.
    @override_settings(API_KEY="k3y-for-tests")
    #                          ^^^^^^^^^^^^^^^ !hardcoded-secret
    def test_paid(self):
#       ^^^^^^^^^ !unit-testing
        return True


def tested_value():
#   ^^^^^^^^^^^^ !unit-testing
    return 1


def render_settings(template):
    return template.format(password="%(db_password)s")
#                                   ^^^^^^^^^^^^^^^^ !hardcoded-secret
