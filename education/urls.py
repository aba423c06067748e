from django.urls import path

from education import views

app_name = "education"
urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("faqs/", views.faq_list, name="faq_list"),
    path("surgeons/", views.surgeon_list, name="surgeon_list"),
    path("surgeons/<slug:slug>/", views.surgeon_detail, name="surgeon_detail"),
    path("search/", views.search_page, name="search"),
    path("api/search", views.search_api, name="search_api"),
    path("glossary/", views.glossary, name="glossary"),
    path("warning-signs/", views.warning_sign_guide, name="warning_sign_guide"),
]
