#!/usr/bin/env python3
"""Release steps of the web configurator that are easier in Python than in bash.

Called by scripts/release.sh; not meant to be run by hand.

    release_web.py site   DIST_DIR NGINX_TEMPLATE NGINX_OUT
        Makes the Content-Security-Policy of the hosted site strict: hashes trunk's inline loader
        script(s) in DIST_DIR/index.html and the style attributes the app sets at run time, fills
        them into the policy of NGINX_TEMPLATE (the single definition of the hosted policy),
        writes NGINX_OUT, and puts the same policy (without frame-ancestors, which a <meta> cannot
        carry) into the <meta http-equiv> of DIST_DIR/index.html.

    release_web.py single INDEX_HTML CSS_FILE GLUE_JS WASM VERSION OUT_HTML
        Writes the self-contained page: the head of INDEX_HTML, the CSS in a <style>, the wasm as
        base64 in a data block, and the no-modules glue plus a loader in one classic <script>
        that instantiates the module from those bytes. No request is ever made: it opens from
        file:// without a network. It carries its own strict CSP (hashes only, connect-src 'none').

Both fail loudly when the input does not have the expected shape, rather than emit a page whose
policy would block the app.
"""

from __future__ import annotations

import base64
import hashlib
import html
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
UI_SOURCES = ROOT / "src" / "ui"

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*/?>')
# The comment on the development policy in index.html, which the release replaces.
META_CSP_COMMENT = re.compile(r'<!--(?:(?!-->).)*-->\s*(?=<meta http-equiv="Content-Security-Policy")', re.S)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
# Style attributes set from Rust at run time, e.g. `set_attribute("style", "position:fixed")`.
STYLE_ATTRIBUTE_SET = re.compile(r'set_attribute\(\s*"style"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)')
# A style attribute written in an html! macro (`style="..."` or `style={...}`).
STYLE_ATTRIBUTE_MARKUP = re.compile(r"(?<![\w-])style=[\"{]")
EXECUTABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}


def fail(message: str) -> None:
    print(f"release_web.py: {message}", file=sys.stderr)
    sys.exit(1)


def attribute(value: str) -> str:
    """A value for a double-quoted attribute (the policy's single quotes stay readable)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_type(attributes: str) -> str:
    match = re.search(r'\btype\s*=\s*"([^"]*)"', attributes)
    return (match.group(1) if match else "").strip().lower()


def inline_scripts(page: str) -> list[str]:
    """The bodies of the executable inline scripts of a page."""
    bodies = []
    for attributes, body in SCRIPT.findall(page):
        if re.search(r"\bsrc\s*=", attributes):
            continue
        if script_type(attributes) in EXECUTABLE_TYPES:
            bodies.append(body)
    return bodies


def refuse_style_attributes() -> None:
    """The page's CSP allows no inline styles: fail on any style attribute the UI would set."""
    for source in sorted(UI_SOURCES.rglob("*.rs")):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            if STYLE_ATTRIBUTE_MARKUP.search(code) or STYLE_ATTRIBUTE_SET.search(code):
                fail(
                    f"{source.relative_to(ROOT)}:{number}: a style attribute would need "
                    "'unsafe-inline' in the CSP; use a class in static/app.css instead"
                )


def check_strict(policy: str, where: str) -> None:
    for weak in ("'unsafe-inline'", "'unsafe-eval'", "*"):
        if weak in policy.split():
            fail(f"{where}: the policy contains {weak}")


def site(dist: pathlib.Path, template: pathlib.Path, nginx_out: pathlib.Path) -> None:
    index = dist / "index.html"
    page = index.read_text(encoding="utf-8")
    scripts = inline_scripts(page)
    if not scripts:
        fail(f"{index}: no inline loader script found (has trunk's output changed?)")
    if re.search(r"<[^>]*\son[a-z]+\s*=", page, re.I):
        fail(f"{index}: inline event handler attributes would need 'unsafe-hashes'")
    if re.search(r"<[^>]*\sstyle\s*=", page, re.I):
        fail(f"{index}: a style attribute would need 'unsafe-inline'")
    script_hashes = " ".join(csp_hash(s) for s in scripts)
    refuse_style_attributes()

    conf = template.read_text(encoding="utf-8")
    found = re.findall(r'add_header Content-Security-Policy "([^"]*)" always;', conf)
    if len(found) != 1:
        fail(f"{template}: expected exactly one `add_header Content-Security-Policy \"...\" always;`")
    header = found[0].replace("@SCRIPT_HASHES@", script_hashes)
    if "@" in header:
        fail(f"{template}: unknown placeholder left in the policy: {header}")
    check_strict(header, str(template))
    nginx_out.write_text(conf.replace(found[0], header), encoding="utf-8")

    # A <meta> policy cannot carry frame-ancestors, report-uri or sandbox (browsers ignore them
    # there and log a warning).
    directives = [d.strip() for d in header.split(";") if d.strip()]
    meta = "; ".join(
        d for d in directives if d.split()[0] not in ("frame-ancestors", "report-uri", "sandbox")
    )
    if len(META_CSP.findall(page)) != 1:
        fail(f"{index}: expected exactly one <meta http-equiv=\"Content-Security-Policy\">")
    page = META_CSP.sub(
        lambda _: f'<meta http-equiv="Content-Security-Policy" content="{attribute(meta)}" />',
        page,
    )
    page = META_CSP_COMMENT.sub("", page)
    index.write_text(page, encoding="utf-8")
    print(f"CSP: {len(scripts)} inline script(s) allowed by hash; no inline styles", file=sys.stderr)


BOOT = """
(function () {
  "use strict";
  // The module is in the page as base64 (no request, so it works from file:// offline).
  var block = document.getElementById("fate-configurator-wasm");
  var text = block.textContent;
  block.remove();
  var binary = atob(text.replace(/\\s+/g, ""));
  var bytes = new Uint8Array(binary.length);
  for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  wasm_bindgen({ module_or_path: bytes }).catch(function (error) {
    var message = document.createElement("p");
    message.setAttribute("role", "alert");
    message.textContent = "The configurator could not start: " + error +
      ". It needs a current browser: Chrome/Edge/Chromium 97+, Firefox 102+ or Safari 16+.";
    document.body.appendChild(message);
  });
})();
"""


def single(index_html: pathlib.Path, css_file: pathlib.Path, glue_js: pathlib.Path,
           wasm: pathlib.Path, version: str, out: pathlib.Path) -> None:
    source = index_html.read_text(encoding="utf-8")
    css = css_file.read_text(encoding="utf-8")
    glue = glue_js.read_text(encoding="utf-8")
    if "</script" in glue.lower() or "</style" in css.lower():
        fail("the glue or the CSS contains a closing tag and cannot be inlined as is")
    if "wasm_bindgen" not in glue or "import.meta" in glue:
        fail(f"{glue_js} is not wasm-bindgen --target no-modules output")
    # The hashes cover exactly the text between the tags.
    script = "\n" + glue.rstrip() + "\n" + BOOT
    style = "\n" + css.rstrip() + "\n"
    encoded = base64.b64encode(wasm.read_bytes()).decode("ascii")
    lines = "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))

    refuse_style_attributes()
    directives = [
        "default-src 'none'",
        f"script-src {csp_hash(script)} 'wasm-unsafe-eval'",
        f"style-src {csp_hash(style)}",
    ]
    directives += ["img-src data:", "connect-src 'none'", "base-uri 'none'", "form-action 'none'",
                   "object-src 'none'"]
    policy = "; ".join(directives)
    check_strict(policy, "single file")

    page, n = META_CSP.subn(
        lambda _: f'<meta http-equiv="Content-Security-Policy" content="{attribute(policy)}" />',
        source,
    )
    if n != 1:
        fail(f"{index_html}: expected exactly one <meta http-equiv=\"Content-Security-Policy\">")
    page = META_CSP_COMMENT.sub("", page)
    page, n = re.subn(r'\s*<link data-trunk rel="css"[^>]*>', lambda _: "\n    <style>" + style + "</style>", page)
    if n != 1:
        fail(f"{index_html}: expected one <link data-trunk rel=\"css\">")
    page, n = re.subn(r'\s*<link data-trunk rel="rust"[^>]*>', "", page)
    if n != 1 or "data-trunk" in page:
        fail(f"{index_html}: unexpected trunk directives")
    banner = (
        f"<!doctype html>\n<!-- FATE federation configurator {version}: the whole app in one file. "
        "Open it in a browser (double-click); it needs no web server and no network. -->"
    )
    page, n = re.subn(r"<!doctype html>", lambda _: banner, page, count=1, flags=re.I)
    if n != 1:
        fail(f"{index_html}: no doctype")
    tail = (
        '\n    <script id="fate-configurator-wasm" type="application/octet-stream">\n'
        + lines
        + "\n    </script>\n    <script>"
        + script
        + "</script>\n  </body>"
    )
    page, n = re.subn(r"\s*</body>", lambda _: tail, page)
    if n != 1:
        fail(f"{index_html}: expected one </body>")
    if len(inline_scripts(page)) != 1:
        fail("the single file must have exactly one executable script")
    out.write_text(page, encoding="utf-8")


def main(argv: list[str]) -> None:
    if len(argv) == 5 and argv[1] == "site":
        site(pathlib.Path(argv[2]), pathlib.Path(argv[3]), pathlib.Path(argv[4]))
    elif len(argv) == 8 and argv[1] == "single":
        single(*(pathlib.Path(a) for a in argv[2:6]), argv[6], pathlib.Path(argv[7]))
    else:
        fail(__doc__ or "usage")


if __name__ == "__main__":
    main(sys.argv)
