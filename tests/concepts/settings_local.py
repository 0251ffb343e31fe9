# concepts: debug-true, csrf-exempt, pickle, django-settings
# A local settings module: the values a developer forgets to turn off.
import json
import os

from django.views.decorators.csrf import csrf_exempt

from .base import *  # noqa: F403

DEBUG = True
# <- django-settings
#       ^^^^ debug-true
TEMPLATE_DEBUG = True
# <- !django-settings
#                ^^^^ !debug-true
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# <- django-settings
DEBUG_FLAG = json.loads(os.environ.get("DEBUG_FLAG", "false"))
#            ^^^^^^^^^^ !pickle


@csrf_exempt
# <- csrf-exempt
def health(request):
    return None


if os.environ.get("LOCAL_DEBUG"):
    DEBUG = True
#   ^^^^^ django-settings
#           ^^^^ debug-true
