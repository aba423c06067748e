from django.urls import path

from insights import views

app_name = "insights"
urlpatterns = [
    path("feedback/helpful/", views.helpful, name="helpful"),
    path("feedback/helpful/unclear/", views.helpful_unclear, name="helpful_unclear"),
    path("feedback/read/", views.section_read, name="section_read"),
    path("feedback/opened/", views.search_opened, name="search_opened"),
]
