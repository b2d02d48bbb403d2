from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """Pages and API answers carry personal data: browsers and proxies must not keep them.

    Static files are served by whitenoise before this middleware runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class ChineseFirstMiddleware:
    """Chinese unless the user chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language; an operator's
    staff work in Chinese whatever their browser says, so only the language the user
    picked (the ``kam_language`` cookie) changes it. Runs before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SessionTouchMiddleware:
    """Keep an active session alive without writing it on every request.

    The idle timeout (``SESSION_COOKIE_AGE``) counts from the session's last save.
    Saving on every request (``SESSION_SAVE_EVERY_REQUEST``) costs a database write per
    page; instead the session is saved when its last touch is older than
    ``SESSION_TOUCH_SECONDS`` (60), so the timeout is exact to within a minute.
    """

    KEY = "_kam_touched"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.conf import settings

        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_TOUCH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)
