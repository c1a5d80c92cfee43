"""The one error model: every refusal a user can cause is a `DomainError`.

A service raises it (or a subclass); nothing else catches it except the two
mapping places:

- the API: `sangaku.api_errors.exception_handler` turns it into
  `{"detail": ..., "code": ..., "errors": {field: [messages]}}` with its HTTP status;
- the pages: `sangaku.web_errors` (the `refusal` context manager and the
  middleware) turns it into a flash message and errors beside the form fields.

    raise Refused(_("提出済みの報告は編集できません。"), code="frozen")
    raise Invalid(_("入力内容に誤りがあります。"), problems=[Problem("amount", _("0円以上で入力してください。"))])
    raise NotFound(_("報告が見つかりません。"))

Messages are in the user's language (gettext); `code` is a stable machine word;
`problems` name the fields (`Problem.field`, the API's field name) with a message each.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# What a person calls each field a problem can name (the API keeps the field names).
# Apps add their fields in `AppConfig.ready()` via `register_field_labels`.
FIELD_LABELS: dict[str, str] = {}


def register_field_labels(labels: dict) -> None:
    FIELD_LABELS.update(labels)


@dataclass(frozen=True)
class Problem:
    """One reason for a refusal: the field it concerns, a message for a person and a reason code."""

    field: str
    message: str
    code: str = "invalid"

    @property
    def label(self) -> str:
        return str(FIELD_LABELS.get(self.field, self.field))

    def as_dict(self):
        return {"field": self.field, "message": str(self.message)}


class DomainError(Exception):
    """A refused request: `code`, a message for a person, the fields concerned, an HTTP status."""

    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        status_code: int | None = None,
        problems: list[Problem] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        if status_code is not None:
            self.status_code = status_code
        self.problems = list(problems or [])
        if field is not None and not any(p.field == field for p in self.problems):
            self.problems.insert(0, Problem(field, message, self.code))

    @property
    def field(self) -> str | None:
        return self.problems[0].field if self.problems else None

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for problem in self.problems:
            errors.setdefault(problem.field, []).append(str(problem.message))
        return errors

    def as_dict(self) -> dict:
        """The JSON body every 4xx of the API carries."""
        return {"detail": str(self.message), "code": self.code, "errors": self.errors()}


class Invalid(DomainError):
    """Bad input (400), usually with a problem per field."""


class Refused(DomainError):
    """The object's state forbids the move (409)."""

    status_code = 409
    default_code = "refused"


class Forbidden(DomainError):
    """The actor may not do this (403; pages and the API show objects out of scope as 404 before this)."""

    status_code = 403
    default_code = "forbidden"


class NotFound(DomainError):
    """The object does not exist or is out of the actor's scope (404)."""

    status_code = 404
    default_code = "not_found"


def invalid(errors: dict, message: str | None = None) -> Invalid:
    """Bad input naming fields: `errors` maps a field to a message or a list of messages."""
    problems = [
        Problem(field, str(m))
        for field, messages in errors.items()
        for m in (messages if isinstance(messages, (list, tuple)) else [messages])
    ]
    return Invalid(message or _("入力内容に誤りがあります。各項目のメッセージを確認してください。"), problems=problems)


def invalid_from_django(exc) -> Invalid:
    """A Django `ValidationError` (from a model or an older service) as an `Invalid` with per-field problems."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    problems = [
        Problem("non_field_errors" if field == "__all__" else field, message)
        for field, messages in errors.items()
        for message in messages
    ]
    return Invalid(_("入力内容に誤りがあります。各項目のメッセージを確認してください。"), problems=problems)
