from __future__ import annotations

from django.urls import path

from pnyx.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="group-list"),
    path("groups/<int:group_id>/", views.group_detail, name="group-detail"),
    path(
        "forums/<int:forum_id>-<slug:slug>/permissions/",
        views.forum_permissions,
        name="forum-permissions",
    ),
    path(
        "forums/<int:forum_id>-<slug:slug>/moderators/",
        views.forum_moderators,
        name="forum-moderators",
    ),
]
