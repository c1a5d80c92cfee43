"""Form widgets rendered without the template engine where the template is one line (issue 26).

Django renders every widget through a template (`django/forms/widgets/input.html` and `attrs.html`); on the edit
page's ~25 fields that was a fifth of the request's CPU. `FastRenderer` writes the `<input>` and `<textarea>`
elements itself — the same markup, byte for byte, as Django's templates (tests/test_forms_renderer.py compares
them) — and hands every other widget (selects, checkboxes, file inputs, …) to the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search",
        "tel", "color",
    )
)  # fmt: skip
_TEXTAREA = f"{_WIDGETS}textarea.html"


def _text(value) -> str:
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(out)


class FastRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name in _INPUTS:
            value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
            return (
                f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
                f"{value}{_attrs(widget['attrs'])}>"
            )
        if widget is not None and template_name == _TEXTAREA:
            body = conditional_escape(widget["value"]) if widget["value"] else ""
            return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>'
        return super().render(template_name, context, request=request)
