"""Background work. The immediate backend runs it at once; a worker backend
(see README, "Scaling out") runs the same tasks without code changes."""

from django_tasks import task

from portal.accounts.models import User
from portal.accounts.services import invitation_send


@task()
def send_invitation(user_id: int, base_url: str) -> None:
    invitation_send(user=User.objects.get(pk=user_id), base_url=base_url)
