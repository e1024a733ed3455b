from __future__ import annotations

import secrets

from django import forms
from django.core.exceptions import ValidationError


def new_form_key() -> str:
    """A fresh idempotency key for a form: one submission, however often it is sent."""
    return secrets.token_urlsafe(18)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors where the field exists,
    the rest at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
