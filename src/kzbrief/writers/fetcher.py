"""A URL fetcher for WeasyPrint that reads project files and nothing else.

WeasyPrint's default fetcher opens any ``file://`` path and any ``http(s)://`` URL, so a
content file could make a render read ``/etc/passwd`` or call the network. Ours accepts only
``file://`` URLs whose resolved path (symlinks followed) lies inside an allowed root, and it
makes every refusal or read failure *fatal*: a figure that cannot be loaded stops the build
instead of leaving a silent hole in the PDF. ``data:`` URLs (the page's own embedded fonts)
are decoded here, since they name no place to read from.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from ..errors import BuildError
from .weasy import URLFetcher, URLFetcherResponse


class ForbiddenURLError(BuildError):
    """A render asked for a resource outside the project (network, or a foreign file)."""


class MissingResourceError(BuildError):
    """A render asked for an allowed file that cannot be read."""


_LOCAL_HOSTS = {"", "localhost"}


def _resolve_roots(roots: Iterable[Path]) -> tuple[Path, ...]:
    return tuple(Path(root).resolve() for root in roots)


def url_to_path(url: str) -> Path:
    """The local path of a ``file://`` URL; any other URL is refused."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise ForbiddenURLError(f"refused to fetch {url!r}: only file:// URLs are allowed")
    if parts.netloc.lower() not in _LOCAL_HOSTS:
        raise ForbiddenURLError(f"refused to fetch {url!r}: remote file host {parts.netloc!r}")
    return Path(url2pathname(parts.path))


def decode_data_url(url: str) -> tuple[str, bytes]:
    """The MIME type and bytes of a ``data:`` URL (RFC 2397)."""
    header, comma, payload = url[len("data:"):].partition(",")
    if not comma:
        raise MissingResourceError(f"malformed data: URL {url[:40]!r}…")
    params = header.split(";")
    try:
        data = base64.b64decode(payload, validate=True) if params[-1] == "base64" else unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as exc:
        raise MissingResourceError(f"malformed data: URL {url[:40]!r}…: {exc}") from None
    return params[0] or "text/plain", data


class RestrictedFetcher(URLFetcher):
    """Serve ``file://`` URLs under ``allowed_roots``; raise for everything else."""

    def __init__(self, allowed_roots: Iterable[Path]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.roots = _resolve_roots(allowed_roots)
        if not self.roots:
            raise ValueError("RestrictedFetcher needs at least one allowed root")

    def check(self, url: str) -> Path:
        """The resolved path ``url`` names, if it is inside an allowed root."""
        path = url_to_path(url).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            allowed = ", ".join(str(r) for r in self.roots)
            raise ForbiddenURLError(
                f"refused to fetch {url!r}: {path} is outside the allowed roots ({allowed})"
            )
        return path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            mime_type, data = decode_data_url(url)
            return URLFetcherResponse(url, data, {"Content-Type": mime_type})
        path = self.check(url)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise MissingResourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
        mime_type = mimetypes.guess_type(path.name, strict=False)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime_type})
