from __future__ import annotations

from django.urls import path

from pnyx.moderation import views

urlpatterns = [
    path("threads/<int:thread_id>/action/", views.thread_action, name="moderation-thread-action"),
    path("threads/<int:thread_id>/tools/", views.thread_tools, name="moderation-thread-tools"),
    path("reports/", views.report_queue, name="moderation-reports"),
    path("reports/<int:case_id>/", views.case_detail, name="moderation-case"),
    path("reports/<int:case_id>/resolve/", views.case_resolve, name="moderation-case-resolve"),
    path("my-reports/", views.my_reports, name="moderation-my-reports"),
    path("log/", views.log_view, name="moderation-log"),
]
