from django.urls import path

from care import caregiver_views, views

app_name = "care"
urlpatterns = [
    path("me/", views.my_page, name="my_page"),
    path("me/packet/", views.packet, name="packet"),
    path("me/reading/<int:pk>/finished/", views.assignment_finish, name="assignment_finish"),
    path("me/reading/<int:pk>/question/", views.assignment_question, name="assignment_question"),
    path("me/reading/<int:pk>/check/", views.teach_back, name="teach_back"),
    path("me/steps/<int:pk>/done/", views.step_done, name="step_done"),
    path("me/reminders/", views.reminders_switch, name="reminders_switch"),
    path("me/records.fhir.json", views.records_fhir, name="records_fhir"),
    path("steps/<int:pk>/", views.pathway_step, name="pathway_step"),
    path("me/steps.ics", views.steps_calendar, name="steps_calendar"),
    path("bookmarks/articles/<slug:slug>/", views.bookmark_article, name="bookmark_article"),
    path("bookmarks/faqs/<int:pk>/", views.bookmark_faq, name="bookmark_faq"),
    # Caregiver access (issue 32): the patient's side, then the caregiver's.
    path("me/sharing/", caregiver_views.caregivers_page, name="caregivers"),
    path("me/sharing/new/", caregiver_views.caregiver_invite, name="caregiver_invite"),
    path("me/sharing/<int:pk>/", caregiver_views.caregiver_detail, name="caregiver_detail"),
    path("me/sharing/<int:pk>/end/", caregiver_views.caregiver_revoke, name="caregiver_revoke"),
    path("me/sharing/<int:pk>/renew/", caregiver_views.caregiver_renew, name="caregiver_renew"),
    path("caregiver/accept/<str:token>/", caregiver_views.caregiver_accept, name="caregiver_accept"),
    path("me/caring/", caregiver_views.caregiving, name="caregiving"),
    path("me/caring/switch/", caregiver_views.caregiving_switch, name="caregiving_switch"),
]
