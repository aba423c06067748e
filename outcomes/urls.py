from django.urls import path

from outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("me/questionnaires/<int:pathway_pk>/<int:scheduled_pk>/", views.start, name="start"),
    path("me/questionnaires/answers/<int:pk>/<int:number>/", views.question, name="question"),
    path("me/questionnaires/answers/<int:pk>/review/", views.review, name="review"),
    path("me/scores/", views.scores, name="scores"),
    path("me/scores/fhir.json", views.fhir_export, name="fhir"),
]
