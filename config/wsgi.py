import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What startup loads (Django, the apps, every view through the URLconf) lives as long as the
# worker. Frozen, it is left out of the garbage collector's full passes: without this each
# pass walks ~110,000 such objects and stalls the request it lands in by 30–60 ms (the
# report's p95 in benchmarks/README.md).
import_module(settings.ROOT_URLCONF)
gc.freeze()
