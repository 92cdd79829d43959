#!/usr/bin/env python3
"""A small static server that serves the release site the way deploy/nginx.conf says nginx does.

    python3 tests/e2e/serve.py --root release/dist --nginx release/nginx.conf [--port 0]

It reads the nginx file (the one `scripts/release.sh` renders) and applies what matters to the page:
the sub-path of the `location` (the `alias` is replaced by --root), the exact-match redirect, the
`types` map and `default_type`, every `add_header` (the Content-Security-Policy among them, so the
browser gets the very policy of the sample), the `map` that picks Cache-Control, `index`, and gzip
for `gzip_types` above `gzip_min_length`. Anything outside the sub-path is 404.

Prints `http://127.0.0.1:PORT/<sub-path>/` on the first line of stdout once it listens, and one
line per request to stderr. For tests only: it binds to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import pathlib
import posixpath
import re
import sys
import urllib.parse


class NginxSample:
    """The parts of the sample server block that this server imitates."""

    def __init__(self, text: str) -> None:
        text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
        location = re.search(r"location\s+(/[^\s{=]*/)\s*\{", text)
        if not location:
            raise SystemExit("serve.py: no prefix `location /…/ {` in the nginx file")
        self.prefix = location.group(1)
        body = text[location.end():]
        self.redirects = {
            m.group(1): m.group(2)
            for m in re.finditer(r"location\s*=\s*(\S+)\s*\{\s*return\s+301\s+(\S+);", text)
        }
        types = re.search(r"types\s*\{([^}]*)\}", body)
        self.types: dict[str, str] = {}
        for mime, extensions in re.findall(r"(\S+)\s+([^;]+);", types.group(1) if types else ""):
            for extension in extensions.split():
                self.types[extension] = mime
        default_type = re.search(r"default_type\s+(\S+);", body)
        self.default_type = default_type.group(1) if default_type else "application/octet-stream"
        index = re.search(r"\bindex\s+(\S+);", body)
        self.index = index.group(1) if index else "index.html"
        self.gzip = bool(re.search(r"\bgzip\s+on;", body))
        gzip_types = re.search(r"gzip_types\s+([^;]+);", body)
        self.gzip_types = {"text/html", *(gzip_types.group(1).split() if gzip_types else [])}
        min_length = re.search(r"gzip_min_length\s+(\d+);", body)
        self.gzip_min_length = int(min_length.group(1)) if min_length else 20
        level = re.search(r"gzip_comp_level\s+(\d+);", body)
        self.gzip_level = int(level.group(1)) if level else 1
        self.headers = [
            (name, value.strip('"'))
            for name, value in re.findall(r'add_header\s+(\S+)\s+("[^"]*"|\S+)(?:\s+always)?;', body)
        ]
        self.maps: dict[str, list[tuple[str | None, str]]] = {}
        for variable, entries in re.findall(r"map\s+\$uri\s+\$(\w+)\s*\{\n(.*?)\n\}", text, re.S):
            rules = []
            for key, value in re.findall(r'("[^"]*"|\S+)\s+"([^"]*)";', entries):
                key = key.strip('"')
                rules.append((None if key == "default" else key.lstrip("~"), value))
            self.maps[variable] = rules

    def header_value(self, value: str, uri: str) -> str:
        def resolve(match: re.Match[str]) -> str:
            for pattern, result in self.maps.get(match.group(1), []):
                if pattern is None or re.search(pattern, uri):
                    return result
            return ""

        return re.sub(r"\$(\w+)", resolve, value)


def handler(root: pathlib.Path, conf: NginxSample) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "serve.py"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            sys.stderr.write("serve.py: " + (format % args) + "\n")

        def do_HEAD(self) -> None:  # noqa: N802
            self.respond(head=True)

        def do_GET(self) -> None:  # noqa: N802
            self.respond(head=False)

        def respond(self, head: bool) -> None:
            uri = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            if uri in conf.redirects:
                self.send_response(301)
                self.send_header("Location", conf.redirects[uri])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if not uri.startswith(conf.prefix):
                return self.send_plain(404, head)
            relative = posixpath.normpath(uri[len(conf.prefix):] or ".")
            if relative.startswith("..") or relative.startswith("/"):
                return self.send_plain(404, head)
            path = root / relative
            if path.is_dir():
                uri = uri.rstrip("/") + "/" + conf.index
                path = path / conf.index
            if not path.is_file():
                return self.send_plain(404, head)
            body = path.read_bytes()
            extension = path.suffix.lstrip(".")
            mime = conf.types.get(extension, conf.default_type)
            self.send_response(200)
            content_type = mime + ("; charset=utf-8" if mime.startswith("text/") else "")
            self.send_header("Content-Type", content_type)
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if conf.gzip and mime in conf.gzip_types and len(body) >= conf.gzip_min_length:
                self.send_header("Vary", "Accept-Encoding")
                if accepts_gzip:
                    body = gzip.compress(body, conf.gzip_level, mtime=0)
                    self.send_header("Content-Encoding", "gzip")
            for name, value in conf.headers:
                self.send_header(name, conf.header_value(value, uri))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def send_plain(self, status: int, head: bool) -> None:
            body = b"not found\n"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", required=True, type=pathlib.Path, help="the site (release/dist)")
    parser.add_argument("--nginx", required=True, type=pathlib.Path, help="release/nginx.conf")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    conf = NginxSample(args.nginx.read_text(encoding="utf-8"))
    if not any(name.lower() == "content-security-policy" for name, _ in conf.headers):
        raise SystemExit("serve.py: the nginx file sets no Content-Security-Policy header")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler(args.root.resolve(), conf))
    print(f"http://127.0.0.1:{server.server_address[1]}{conf.prefix}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
