from django.urls import path

from creativeports.events import views, views_b2b, views_dashboard, views_feedback, views_manage, views_pitch

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views_manage.event_new, name="new"),
    path("calendar/", views.my_calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.personal_ics, name="calendar.feed"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/edit/", views_manage.event_edit, name="edit"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("<slug:slug>/b2b/", views_b2b.b2b, name="b2b"),
    path("<slug:slug>/b2b/instance.json", views_b2b.b2b_instance, name="b2b.instance"),
    path("<slug:slug>/feedback/", views_feedback.feedback, name="feedback"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
    path("<slug:slug>/sessions/<int:pk>/star/", views.star, name="star"),
    path("<slug:slug>/sessions/<int:pk>/pitches/", views_pitch.pitches, name="pitches"),
]
