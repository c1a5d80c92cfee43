"""Signals of the awards app for the apps above it (connected in their `AppConfig.ready()`).

`award_budgets_changed(sender=Award, award, actor, note)`: the yearly budgets of an award were adjusted
(before start) or revised (an evaluation's budget change, an officer's revision), inside the transaction
(finance drafts the 変更契約 of the affected years).
"""

from django.dispatch import Signal

award_budgets_changed = Signal()
