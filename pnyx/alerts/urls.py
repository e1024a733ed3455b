from __future__ import annotations

from django.urls import path

from pnyx.alerts import views

urlpatterns = [
    path("alerts/", views.alert_list, name="alert-list"),
    path("alerts/read/", views.alerts_read, name="alerts-read"),
    path("alerts/<int:alert_id>/", views.alert_open, name="alert-open"),
    path("watched/", views.watched_list, name="watched-list"),
    path("watch/thread/<int:thread_id>/", views.thread_watch, name="thread-watch"),
    path("watch/forum/<int:forum_id>/", views.forum_watch, name="forum-watch"),
    path("account/alerts/", views.alert_preferences, name="alert-preferences"),
]
