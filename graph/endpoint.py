"""An HTTP endpoint of a remote RDF store: one session, Basic or Digest auth, clear errors.

:func:`govkg.graph.push.push` and :func:`govkg.graph.remote.remote_select` talk to the server
through an :class:`Endpoint`. It keeps one ``requests`` session (so connections are reused),
answers the server's challenge with the scheme it asks for (``auth="auto"``: Digest for
Virtuoso's ``/sparql-graph-crud-auth``, Basic for most proxies), and turns every failure into
a :class:`~govkg.graph.errors.StoreError` that names the endpoint, what was being done
(which graph, which query) and what the server said::

    StoreError
    ├── unreachable: connection refused, DNS failure, no answer within ``timeout`` seconds
    ├── HTTP 401: no credentials given, or the server rejected them
    └── HTTP 4xx/5xx: the status, the reason and the first lines of the server's message

A query the server refuses (HTTP 400 to a query) is a :class:`~govkg.graph.errors.QueryError`
instead; :mod:`govkg.graph.remote` raises it from :meth:`Endpoint.request`'s ``StoreError``.

>>> Endpoint("http://127.0.0.1:8890/sparql-graph-crud-auth", user="dba", password="dba")
<Endpoint http://127.0.0.1:8890/sparql-graph-crud-auth as dba (auto auth)>
>>> Endpoint("127.0.0.1:8890/sparql")
Traceback (most recent call last):
...
govkg.graph.errors.StoreError: endpoint '127.0.0.1:8890/sparql': expected an http:// or https:// URL such as http://127.0.0.1:8890/sparql
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .errors import EndpointError, StoreError

__all__ = ["Endpoint", "EndpointError", "AUTH_SCHEMES", "server_message"]

#: The values ``auth`` takes: answer the server's challenge, or always send one scheme.
AUTH_SCHEMES = ("auto", "basic", "digest")

#: How much of a server's error message goes into an error (the rest is rarely useful).
MESSAGE_CHARS = 600


def server_message(text: str, limit: int = MESSAGE_CHARS) -> str:
    """The readable part of a server's error body: tags dropped, whitespace folded, cut short.

    >>> server_message("<html><body><h1>Error</h1>\\n<p>Virtuoso 22023 Error SR...</p></body></html>")
    'Error Virtuoso 22023 Error SR...'
    >>> server_message("x" * 700)[-12:]
    'xxxxxxxxxx …'
    """
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text or "")
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 2].rstrip() + " …"


def _requests():
    try:
        import requests
    except ImportError:  # pragma: no cover - requests comes with the remote and test extras
        raise StoreError("talking to a remote store needs the requests package: pip install 'govkg[remote]'") from None
    return requests


class Endpoint:
    """One remote URL with its credentials; use as a context manager or call :meth:`close`.

    ``auth`` is ``"auto"`` (send no credentials until the server asks, then answer in the
    scheme of its ``WWW-Authenticate`` challenge), ``"basic"`` or ``"digest"``.
    """

    def __init__(self, url: str, *, user: str | None = None, password: str | None = None,
                 auth: str = "auto", timeout: float = 60) -> None:
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"endpoint {str(url)!r}: expected an http:// or https:// URL such as http://127.0.0.1:8890/sparql")
        if auth not in AUTH_SCHEMES:
            raise StoreError(f"endpoint {url}: auth must be one of {', '.join(AUTH_SCHEMES)}, got {auth!r}")
        if password is not None and user is None:
            raise StoreError(f"endpoint {url}: a password was given without a user")
        self.url, self.user, self.auth, self.timeout = str(url), user, auth, timeout
        self._password = password or ""
        self._session = None
        self._scheme: str | None = None if auth == "auto" else auth

    def __repr__(self) -> str:
        who = f" as {self.user}" if self.user else ""
        return f"<Endpoint {self.url}{who} ({self.auth} auth)>"

    @property
    def session(self):
        if self._session is None:
            self._session = _requests().Session()
            self._session.headers["User-Agent"] = "govkg"
            if self._scheme and self.user is not None:
                self._use(self._scheme)
        return self._session

    def _use(self, scheme: str) -> None:
        auth = _requests().auth
        self._scheme = scheme
        cls = auth.HTTPDigestAuth if scheme == "digest" else auth.HTTPBasicAuth
        self.session.auth = cls(self.user, self._password)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def authenticate(self, what: str) -> None:
        """Answer the server's challenge once, with a bodiless ``HEAD`` of the URL, so that the
        requests after it carry their credentials from the start (a Digest nonce is reused)
        instead of sending each body twice. Fails only when the server cannot be reached or
        refuses the credentials; any other answer to the probe is fine."""
        self.request("HEAD", what=what, ok=_ANY_BUT_401)

    def request(self, method: str, *, what: str, params=None, data: bytes | dict | None = None,
                headers: dict | None = None, ok: tuple[int, ...] = (200, 201, 204), url: str | None = None):
        """Send one request and return the response when its status is in ``ok``; otherwise
        raise :class:`EndpointError` naming the endpoint and ``what`` (e.g. ``"replacing graph
        <…>"``). ``data`` must be bytes or a form (not a stream), so it can be sent again when the
        server first answers with an authentication challenge."""
        requests = _requests()
        target = url or self.url
        try:
            response = self.session.request(method, target, params=params, data=data, headers=headers, timeout=self.timeout)
            if response.status_code == 401 and self._scheme is None and self.user is not None:
                scheme = _challenge(response)
                if scheme in ("basic", "digest"):
                    self._use(scheme)
                    response = self.session.request(method, target, params=params, data=data, headers=headers, timeout=self.timeout)
        except requests.exceptions.Timeout:
            raise EndpointError(f"{target}: no answer within {self.timeout:g} s while {what}; "
                                "is the server overloaded, or is the timeout too short?") from None
        except requests.exceptions.ConnectionError as exc:
            raise EndpointError(f"{target}: cannot reach the endpoint while {what} ({_reason(exc)}); "
                                "is the server running, and are the host and port right?") from None
        except requests.exceptions.RequestException as exc:
            raise EndpointError(f"{target}: the request failed while {what}: {exc}") from None
        if response.status_code in ok:
            return response
        raise self._error(response, target, what)

    def _error(self, response, target: str, what: str) -> EndpointError:
        status = response.status_code
        message = server_message(response.text)
        said = f": {message}" if message else ""
        if status == 401:
            challenge = response.headers.get("WWW-Authenticate", "")
            asks = f" (it asks for {_describe(challenge)})" if challenge else ""
            if self.user is None:
                text = f"{target}: the endpoint needs a user and password{asks} while {what}; give them with --user and --password"
            else:
                text = (f"{target}: the server rejected the credentials of user {self.user!r} "
                        f"({(self._scheme or 'no').capitalize()} auth){asks} while {what}; check the user and password")
            return EndpointError(text, status=status, message=message)
        if status == 403:
            who = f"user {self.user!r}" if self.user else "an anonymous client"
            return EndpointError(f"{target}: HTTP 403 {response.reason}: {who} may not do this ({what}){said}", status=status, message=message)
        return EndpointError(f"{target}: HTTP {status} {response.reason} while {what}{said}", status=status, message=message)


_ANY_BUT_401 = tuple(code for code in range(100, 600) if code != 401)


def _challenge(response) -> str | None:
    header = response.headers.get("WWW-Authenticate", "")
    schemes = {m.group(1).lower() for m in re.finditer(r"(?:^|,)\s*([A-Za-z]+)\s+[A-Za-z]+=", header)}
    if "digest" in schemes:
        return "digest"
    if "basic" in schemes or header.lower().startswith("basic"):
        return "basic"
    return None


def _describe(challenge: str) -> str:
    scheme = challenge.split(None, 1)[0] if challenge.strip() else "?"
    realm = re.search(r'realm="([^"]*)"', challenge)
    return f'{scheme} auth, realm "{realm.group(1)}"' if realm else f"{scheme} auth"


def _reason(exc: Exception) -> str:
    """A short reason for a failed connection: 'Connection refused', 'Name or service not known' …"""
    text = str(exc)
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "the server closed the connection without answering"
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    if match:
        return match.group(1).strip()
    return text[:200]
