from django.utils import translation


class PreferredLanguageMiddleware:
    """A logged-in person's saved language wins over the browser's.

    Runs after LocaleMiddleware (which handles the cookie and Accept-Language)
    and after AuthenticationMiddleware (which tells us who is asking).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
