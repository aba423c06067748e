import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# gunicorn loads this module: without DJANGO_ENV it runs as production.
os.environ.setdefault("DJANGO_ENV", "production")
application = get_asgi_application()
