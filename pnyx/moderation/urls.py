from __future__ import annotations

from django.urls import path

from pnyx.moderation import views

urlpatterns = [
    path("threads/<int:thread_id>/action/", views.thread_action, name="moderation-thread-action"),
    path("threads/<int:thread_id>/tools/", views.thread_tools, name="moderation-thread-tools"),
]
