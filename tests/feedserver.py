"""A local HTTP server for feed tests: saved feeds and pages from ``/work/shared/factchecks``.

* ``/feeds/<name>``: a saved feed, its item links pointing back to this server
  (``/pages/<n>``), with an ``ETag`` and ``Last-Modified``; a matching conditional request gets
  ``304``;
* ``/pages/<n>``: a saved news page (the n-th of ``news-html/``, cycling);
* ``/factcheck/<name>``: a saved fact-check page (``pages/english/<name>.html``);
* ``/mixed.rss``: a hand-made feed whose items are a good page, a fact-check page, a page that
  never finishes in time (``/slow``), one too large (``/huge``), one without text (``/empty``),
  a missing one (``/missing``) and an item without a link but with its text embedded.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.unit.shared_factchecks import shared

LAST_MODIFIED = "Wed, 29 May 2019 10:16:00 GMT"
# An item's link in RSS (CDATA or not) and in Atom.
_LINK = re.compile(rb'<link>(?:<!\[CDATA\[)?\s*https?://[^<]+</link>|<link [^>]*href="[^"]+"')


@dataclass
class FeedServer:
    base: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    slow_seconds: float = 3.0


def _news_pages() -> list[Path]:
    return sorted(p / "source.html" for p in shared("news-html").iterdir() if p.is_dir())


def _mixed_feed(base: str) -> bytes:
    items = [
        ("A news page", f"{base}/pages/3"),
        ("A fact-check", f"{base}/factcheck/afp"),
        ("Slow", f"{base}/slow"),
        ("Huge", f"{base}/huge"),
        ("Empty", f"{base}/empty"),
        ("Missing", f"{base}/missing"),
    ]
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        "<pubDate>Tue, 06 Jun 2023 08:00:00 GMT</pubDate></item>"
        for t, link in items
    )
    embedded = (
        "<item><title>Embedded</title><guid>embedded-1</guid>"
        "<description><![CDATA[<p>The Nova Kakhovka dam was destroyed on Tuesday, "
        "Ukrainian officials said.</p>]]></description></item>"
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>'
        f"<link>{base}/</link><description>test</description>{entries}{embedded}"
        "</channel></rss>"
    ).encode()


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    pages = _news_pages()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, body: bytes, *, kind: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            path = self.path
            if path.startswith("/feeds/"):
                raw = shared("feeds", path.removeprefix("/feeds/")).read_bytes()
                counter = iter(range(10**6))
                body = _LINK.sub(lambda m: self._local_link(m.group(0), next(counter)), raw)
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self._send(body, kind="application/rss+xml",
                           headers={"ETag": etag, "Last-Modified": LAST_MODIFIED})
            elif m := re.fullmatch(r"/pages/(\d+)", path):
                self._send(pages[int(m[1]) % len(pages)].read_bytes())
            elif m := re.fullmatch(r"/factcheck/(\w+)", path):
                self._send(shared("pages", "english", f"{m[1]}.html").read_bytes())
            elif path == "/mixed.rss":
                self._send(_mixed_feed(server.base), kind="application/rss+xml")
            elif path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(int(server.slow_seconds * 10)):
                    time.sleep(0.1)
                    try:
                        self.wfile.write(b"<p>drip</p>")
                        self.wfile.flush()
                    except OSError:
                        return
            elif path == "/huge":
                body = b"<html><body>" + b"<p>filler text</p>" * 400_000 + b"</body></html>"
                self._send(body)
            elif path == "/empty":
                self._send(b"<html><head><title>Nothing</title></head><body></body></html>")
            else:
                self.send_error(404)

        def _local_link(self, link: bytes, n: int) -> bytes:
            local = f"{server.base}/pages/{n}".encode()
            if link.startswith(b"<link>"):
                return b"<link>" + local + b"</link>"
            return re.sub(rb'href="[^"]+"', b'href="' + local + b'"', link)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up on /slow or /huge (as it should) is not an error here.
        pass


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    """A running server on a free local port; stopped on exit."""
    state = FeedServer(base="")
    httpd = _Server(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
