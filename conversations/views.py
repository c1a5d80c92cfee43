"""The messages section and the timeline of the application page; posting a message; message files.

The application is always fetched through `applications_for_user` (anything else is a 404); the
section is added to the application page through `applications.detail_hooks` (registered in ready()).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.attachments import attachment_response
from applications.selectors import applications_for_user
from reliability.idempotency import page_idempotent
from sangaku.web_errors import refusal

from . import services
from .forms import DeliveryForm, MessageForm
from .models import MessageFile
from .permissions import visibilities_for
from .selectors import timeline, unread_messages


def _application(request, pk):
    return get_object_or_404(applications_for_user(request.user), pk=pk)


def detail_context(request, application, form=None) -> dict:
    """What the application page shows of conversations (the read marker moves to now)."""
    allowed = visibilities_for(request.user, application)
    unread = unread_messages(request.user, application).count() if allowed else 0
    entries = timeline(request.user, application)
    if allowed:
        services.messages_mark_read(user=request.user, application=application)
    return {
        "timeline": entries,
        "message_form": form or (MessageForm(allowed=allowed) if allowed else None),
        "message_unread": unread,
        "delivery_form": DeliveryForm(initial={"message_delivery": request.user.message_delivery}),
    }


@login_required
@require_POST
@page_idempotent
def post(request, pk):
    """Post a message from the application page."""
    application = _application(request, pk)
    allowed = visibilities_for(request.user, application)
    form = MessageForm(request.POST, request.FILES, allowed=allowed)
    form.is_valid()
    with refusal(request, form) as refused:
        services.message_post(
            application_id=application.pk,
            actor=request.user,
            body=form.data.get("body", ""),
            visibility=form.data.get("visibility", ""),
            files=request.FILES.getlist("attachments"),
        )
    if refused:
        from applications.views import detail_page_context

        context = detail_page_context(request, application)
        context.update(detail_context(request, application, form=form))
        return render(request, "applications/detail.html", context, status=refused.status_code)
    messages.success(request, _("メッセージを送信しました。"))
    return redirect(reverse("applications:detail", args=[application.pk]) + "#messages")


@login_required
def file_download(request, pk, file_id):
    """A message's file, for people who may read the message (otherwise 404)."""
    application = _application(request, pk)
    stored = get_object_or_404(
        MessageFile.objects.select_related("message"), pk=file_id, message__application=application
    )
    if stored.message.visibility not in visibilities_for(request.user, application):
        raise Http404
    return attachment_response(stored)


@login_required
@require_POST
def delivery(request):
    """The person's choice: a mail per message, or one digest a day."""
    form = DeliveryForm(request.POST)
    form.is_valid()
    with refusal(request, form):
        services.message_delivery_set(user=request.user, delivery=form.data.get("message_delivery", ""))
        messages.success(request, _("メッセージの通知方法を保存しました。"))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("home")
