"""Publishing a call's results as a workflow table: unpublished → published ⇄ withdrawn (officers in scope)."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku.workflow import Transition, Workflow

from .models import PublicationEvent, PublicationStatus, ResultPublication

S = PublicationStatus


class Actor:
    OFFICER = "officer"


def _may(user, publication, who: str) -> bool:
    from .permissions import may_publish

    return may_publish(user, publication, who)


def _apply(publication, transition, *, now, update_fields, with_amounts=None, **_context) -> None:
    if transition.action == "publish":
        publication.published_at = now
        update_fields.append("published_at")
        if with_amounts is not None:
            publication.with_amounts = with_amounts
            update_fields.append("with_amounts")


PUBLICATION_WORKFLOW = Workflow(
    name="result_publication",
    model=ResultPublication,
    event_model=PublicationEvent,
    event_fk="publication",
    states=PublicationStatus,
    may=_may,
    apply=_apply,
    related=("call__stage__program", "call__platform"),
    messages={
        "not_found": gettext_lazy("公募が見つかりません。"),
        "forbidden": gettext_lazy("この公募の採択一覧に対して「%(label)s」を行う権限がありません。"),
    },
    transitions=[
        Transition(
            "publish",
            (S.UNPUBLISHED, S.WITHDRAWN),
            S.PUBLISHED,
            Actor.OFFICER,
            guards=("call_decided",),
            label=pgettext_lazy("action", "公開"),
        ),
        Transition(
            "withdraw",
            (S.PUBLISHED,),
            S.WITHDRAWN,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "公開停止"),
        ),
    ],
)
