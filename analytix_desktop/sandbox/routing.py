"""Which handler answers a request: routes by method and path."""

from __future__ import annotations

from collections.abc import Callable

from .http import Request, Response, failure, google_error
from .replies import Reply

__all__ = ["Handler", "Router"]

Handler = Callable[[Request], Response]


class Router:
    """Handlers by (method, path), or mounted on a path prefix; a Reply a handler raises
    is its answer.

    An exact route wins; among mounts the longest prefix does. A mounted handler parses
    the rest of the path itself (the Reporting API's ``/v1/jobs/{jobId}/reports/...``).
    """

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Handler] = {}
        self._mounts: dict[tuple[str, str], Handler] = {}
        self._oauth_paths: set[str] = set()

    def route(self, method: str, path: str, handler: Handler, *, oauth: bool = False) -> None:
        """Add a route; ``oauth`` marks an OAuth back-channel path, whose errors are flat."""
        self._routes[(method, path)] = handler
        if oauth:
            self._oauth_paths.add(path)

    def mount(self, method: str, prefix: str, handler: Handler) -> None:
        """Answer ``method`` requests to any path below ``prefix`` (which ends in "/")."""
        if not prefix.endswith("/"):
            raise ValueError("a mount prefix ends in '/'")
        self._mounts[(method, prefix)] = handler

    def _handler(self, method: str, path: str) -> Handler | None:
        handler = self._routes.get((method, path))
        if handler is not None:
            return handler
        mounted = [
            (prefix, handler)
            for (mount_method, prefix), handler in self._mounts.items()
            if mount_method == method and path.startswith(prefix)
        ]
        return max(mounted, key=lambda item: len(item[0]))[1] if mounted else None

    def failure(self, path: str, status: int, message: str) -> Response:
        """The error for a request to ``path`` that failed outside its handler's checks."""
        return failure(status, message, oauth=path in self._oauth_paths)

    def dispatch(self, request: Request) -> Response:
        handler = self._handler(request.method, request.path)
        if handler is None:
            if any(path == request.path for _, path in self._routes):
                return google_error(405, "Method Not Allowed", "httpMethodNotAllowed")
            return Response.html(404, "<!DOCTYPE html><title>Error 404 (Not Found)</title>")
        try:
            return handler(request)
        except Reply as reply:
            return reply.response
