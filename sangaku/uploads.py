"""The upload size cap, applied while the request body streams in.

`CappedUploadHandler` runs before Django's own upload handlers (settings.FILE_UPLOAD_HANDLERS):

- a body whose declared length is already over the cap (plus room for the form's other fields) is not
  read at all;
- otherwise each file's bytes are counted as they arrive, and the upload stops at the first chunk that
  passes the cap: the rest of the body is never read, and the partial file is closed (a temporary
  file is deleted), so nothing is stored.

`UploadCapMiddleware` reads a multipart body before any other middleware does (CSRF reads it too) and
answers an upload stopped this way with 413 and a Japanese message: the standard error JSON under
`/api/`, a short page elsewhere. `applications.attachments.check_upload` checks the cap again.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# Room for the form's other fields and the multipart headers around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def cap_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def too_large_message() -> str:
    return _("ファイル（file）が大きすぎます。%(cap)s 以下のファイルを添付してください。") % {
        "cap": size_text(cap_bytes())
    }


class CappedUploadHandler(FileUploadHandler):
    """Stops an upload as soon as its size passes ATTACHMENT_MAX_BYTES; marks the request for the middleware."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.cap = cap_bytes()
        if content_length and content_length > self.cap + FORM_OVERHEAD_BYTES:
            self._refuse()
            return QueryDict(encoding=encoding), MultiValueDict()  # nothing read, nothing parsed
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.cap:
            self._refuse()
            # Django closes (and so deletes) the partial files and does not read the rest of the body.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file

    def _refuse(self):
        if self.request is not None:
            self.request.upload_too_large = True


class UploadCapMiddleware:
    """Answers 413 to a multipart request whose upload passed the cap, before any view or CSRF check runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.POST  # noqa: B018 -- parse now, through CappedUploadHandler
            if getattr(request, "upload_too_large", False):
                return self.refusal(request)
        return self.get_response(request)

    @staticmethod
    def refusal(request):
        message = too_large_message()
        if request.path.startswith("/api/"):
            body = {"detail": message, "code": "too_large", "errors": {"file": [message]}}
            return JsonResponse(body, status=413, json_dumps_params={"ensure_ascii": False})
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
            back = "/"
        return render(request, "errors/upload_too_large.html", {"message": message, "back": back}, status=413)
