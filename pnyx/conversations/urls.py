from __future__ import annotations

from django.urls import path

from pnyx.conversations import views

urlpatterns = [
    path("", views.conversation_list, name="conversation-list"),
    path("new/", views.conversation_start, name="conversation-start"),
    path("settings/", views.conversation_settings, name="conversation-settings"),
    path("preview/", views.conversation_preview, name="conversation-preview"),
    path("messages/<int:message_id>/", views.conversation_message, name="conversation-message"),
    path("<int:conversation_id>/", views.conversation_detail, name="conversation-detail"),
    path("<int:conversation_id>/unread/", views.conversation_unread, name="conversation-unread"),
    path("<int:conversation_id>/reply/", views.conversation_reply, name="conversation-reply"),
    path("<int:conversation_id>/invite/", views.conversation_invite, name="conversation-invite"),
    path("<int:conversation_id>/leave/", views.conversation_leave, name="conversation-leave"),
]
