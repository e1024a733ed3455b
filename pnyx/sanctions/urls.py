from __future__ import annotations

from django.urls import path

from pnyx.sanctions import views

urlpatterns = [
    path("moderation/heat/", views.heat_list, name="sanctions-heat"),
    path("moderation/threads/<int:thread_id>/heat/", views.thread_heat, name="thread-heat"),
]
