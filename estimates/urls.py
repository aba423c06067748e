from django.urls import path

from estimates import views

app_name = "estimates"
urlpatterns = [
    path("estimates/", views.estimate_page, name="estimate"),
    path("estimates/save/", views.estimate_save, name="save"),
    path("estimates/saved/", views.saved_list, name="saved_list"),
    path("estimates/saved/<int:pk>/", views.saved_detail, name="saved_detail"),
    path("estimates/saved/<int:pk>/delete/", views.saved_delete, name="saved_delete"),
    path("estimates/good-faith-estimate/", views.good_faith_estimate, name="good_faith_estimate"),
    path("api/estimate", views.estimate_api, name="api"),
]
