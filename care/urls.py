from django.urls import path

from care import views

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
]
