from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.identity import normalize_email


class Command(BaseCommand):
    help = "Development only: print the current two-step login code of a demo account, so no phone is needed."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp prints login codes, so it only runs with DJANGO_DEBUG=true.")
        device = TOTPDevice.objects.filter(user__email=normalize_email(email)).order_by("-confirmed", "-pk").first()
        if device is None:
            raise CommandError(f"{email} has no authenticator app: load_demo gives one to each demo staff account.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
