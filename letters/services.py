"""Letters: officers edit a call's templates, preview a letter and send it (once; through the workflow table)."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application
from applications.permissions import is_officer_for
from notifications.services import notify
from sangaku.errors import Invalid, NotFound, Problem

from .models import DecisionLetter, LetterStatus, LetterTemplate, Outcome
from .selectors import letter_facts, template_for
from .wording import fill, unknown_placeholders
from .workflow import LETTER_WORKFLOW


def _application_in_scope(application_id: int, actor) -> Application:
    application = Application.objects.select_related("call", "applicant").filter(pk=application_id).first()
    if application is None or not is_officer_for(actor, application):
        raise NotFound(_("申請が見つかりません。"))
    return application


def letter_template_save(*, call, outcome: str, language: str, subject: str, body: str, actor) -> LetterTemplate:
    """Save an officer's wording; a placeholder that does not exist is refused by name."""
    problems = [
        Problem(
            field, _("使えない差し込み項目があります: %(names)s") % {"names": ", ".join(names)}, "unknown_placeholder"
        )
        for field, text in (("subject", subject), ("body", body))
        if (names := unknown_placeholders(text))
    ]
    if problems:
        raise Invalid(_("ひな形を保存できません。差し込み項目を確認してください。"), problems=problems)
    row, _created = LetterTemplate.objects.update_or_create(
        call=call, outcome=outcome, language=language, defaults={"subject": subject, "body": body, "updated_by": actor}
    )
    return row


def letter_preview(*, application: Application, reason: str = "") -> dict:
    """Subject and body the applicant would receive now, in the applicant's language."""
    language = application.applicant.preferred_language if application.applicant.preferred_language == "en" else "ja"
    if application.status not in Outcome.values:
        raise Invalid(_("採否が決まってから通知書を作成してください。"), code="not_decided")
    subject, body = template_for(application.call, application.status, language)
    facts = letter_facts(application, language=language, reason=reason)
    return {"language": language, "subject": fill(subject, facts)[:200], "body": fill(body, facts)}


@transaction.atomic
def letter_send(*, application_id: int, actor, reason: str = "") -> DecisionLetter:
    """Fix the letter's text, send it, and tell the applicant; a second request returns the letter already sent."""
    application = _application_in_scope(application_id, actor)
    Application.objects.select_for_update().filter(pk=application.pk).first()
    sent = DecisionLetter.objects.filter(application=application, status=LetterStatus.SENT).first()
    if sent is not None:
        return sent
    preview = letter_preview(application=application, reason=reason)
    letter, _created = DecisionLetter.objects.update_or_create(
        application=application,
        defaults={
            "outcome": application.status,
            "language": preview["language"],
            "subject": preview["subject"],
            "body": preview["body"],
            "reason": reason.strip(),
        },
    )
    letter = LETTER_WORKFLOW.run(pk=letter.pk, action="send", actor=actor)
    notify(
        recipient=application.applicant,
        kind="decision_letter",
        dedup_key=f"letter:{letter.pk}",
        context={"subject": letter.subject, "body": letter.body, "link": f"/letters/{letter.pk}/"},
        link=f"/letters/{letter.pk}/",
    )
    return letter
