"""Background work. The immediate backend runs it at once; a worker backend
(see README, "Scaling out") runs the same tasks without code changes."""

from django_tasks import task

from portal.accounts.email_change import email_change_done_notify, email_change_links_send
from portal.accounts.models import User
from portal.accounts.services import email_change_notify, invitation_send, password_reset_send


@task()
def send_invitation(user_id: int, base_url: str) -> None:
    invitation_send(user=User.objects.get(pk=user_id), base_url=base_url)


@task()
def send_email_change_notice(user_id: int, old_email: str) -> None:
    email_change_notify(user=User.objects.get(pk=user_id), old_email=old_email)


@task()
def send_password_reset(email: str, domain: str, use_https: bool, language: str) -> None:
    password_reset_send(email=email, domain=domain, use_https=use_https, language=language)


@task()
def send_email_change_links(change_id: int, base_url: str, language: str) -> None:
    # The tokens are made here, by the worker: the queue holds only the request's id.
    email_change_links_send(change_id=change_id, base_url=base_url, language=language)


@task()
def send_email_change_done(change_id: int, language: str) -> None:
    email_change_done_notify(change_id=change_id, language=language)
