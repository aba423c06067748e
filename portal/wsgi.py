import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
# gunicorn loads this module: without DJANGO_ENV it runs as production.
os.environ.setdefault("DJANGO_ENV", "production")
application = get_wsgi_application()
