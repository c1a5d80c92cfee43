"""Signals other apps hook into (applications never imports a later app).

- `application_transitioned`: sent inside the transaction, right after the state
  change and its event; receivers that write (e.g. awards creating the Award on
  accept) take part in the same transaction and can abort it by raising.
- `application_transition_committed`: sent after commit; for side effects such
  as notifications.
"""

from django.dispatch import Signal

application_transitioned = Signal()  # sender=Application, application, transition, actor, note
application_transition_committed = Signal()  # same arguments
