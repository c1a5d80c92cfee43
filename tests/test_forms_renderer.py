"""The fast widget renderer writes the same markup as Django's widget templates (sangaku/forms_renderer.py)."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from sangaku.forms_renderer import FastRenderer


class Sample(forms.Form):
    title = forms.CharField(max_length=200, help_text="課題名")
    amount = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"step": 1000, "inputmode": "numeric"}))
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "data-x": '"<&>'}))
    flag = forms.CharField(widget=forms.TextInput(attrs={"disabled": True, "readonly": False, "autofocus": True}))
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"title": '<script>"x"</script> & 課題', "amount": "12000", "email": "a@example.jp", "secret": "p<w",
         "version": "3", "summary": "一行目\n<b>二行目</b> & '", "flag": "", "when": "2026-12-07"},
        {"title": "", "amount": "abc", "summary": ""},
    ],
    ids=["unbound", "bound-with-markup", "invalid"],
)  # fmt: skip
def test_every_input_and_textarea_renders_exactly_as_djangos_templates(data):
    for field in Sample(data=data):
        django_html = field.field.widget.render(
            field.html_name, field.value(), attrs=field.build_widget_attrs({}), renderer=DjangoTemplates()
        )
        fast_html = field.field.widget.render(
            field.html_name, field.value(), attrs=field.build_widget_attrs({}), renderer=FastRenderer()
        )
        assert fast_html == django_html, field.name
