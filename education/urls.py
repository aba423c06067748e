from django.urls import path

from education import patient_views, views

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
    path("me/", patient_views.my_page, name="my_page"),
    path("me/reading/<int:pk>/finished/", patient_views.assignment_finish, name="assignment_finish"),
    path("me/reading/<int:pk>/question/", patient_views.assignment_question, name="assignment_question"),
    path("bookmarks/articles/<slug:slug>/", patient_views.bookmark_article, name="bookmark_article"),
    path("bookmarks/faqs/<int:pk>/", patient_views.bookmark_faq, name="bookmark_faq"),
]
