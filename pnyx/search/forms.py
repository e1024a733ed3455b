"""The search form: what /search/ and GET /api/v1/search accept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pnyx.search.query import MAX_QUERY_LENGTH

SORTS = [("relevance", _("Relevance")), ("date", _("Newest first"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=10_000, strip=True)
    forum = forms.IntegerField(label=_("Forum"), required=False, min_value=1)
    member = forms.CharField(label=_("Posted by"), required=False, max_length=150)
    after = forms.DateField(label=_("From"), required=False)
    before = forms.DateField(label=_("To"), required=False)
    threads_only = forms.BooleanField(label=_("Titles and first posts only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "maxlength": str(MAX_QUERY_LENGTH), "autocomplete": "off"}
        )
        self.fields["after"].widget.input_type = "date"
        self.fields["before"].widget.input_type = "date"


class ThreadSearchForm(forms.Form):
    q = forms.CharField(label=_("Search this thread"), required=False, max_length=10_000)
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)
