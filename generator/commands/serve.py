"""``credit serve``: the built site on the loopback interface, for a clerk to look at before a pull request."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

# ---- serve --------------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """The built site on 127.0.0.1 only (DESIGN §8), as a static host serves it: ``index.html`` for a folder,
    the site's own ``404.html`` (status 404) for an unknown path, 400 for a malformed one (a NUL or control
    character, ``.`` or ``..`` segments, bytes that are not UTF-8), 414 for a path over 2048 characters.
    Nothing outside the output directory is served, not even through a symbolic link; no folder listings;
    no traceback, whatever the request."""
    import http.server
    import shutil
    import socket
    from pathlib import Path
    from typing import BinaryIO
    from urllib.parse import quote, unquote

    try:
        root = args.output.resolve(strict=True)
    except (OSError, RuntimeError):
        root = None
    if root is None or not root.is_dir():
        print(f"{args.output} 不存在：请先运行 credit build 或 make site", file=sys.stderr)
        return 1
    if not 0 <= args.port <= 65535:
        print(f"错误：端口 {args.port} 无效（0–65535；0 = 任选一个空闲端口）", file=sys.stderr)
        return 2
    max_path = 2048
    text_types = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")

    def inside(path: Path) -> bool:
        return path == root or root in path.parents

    def page(title: str, detail: str) -> bytes:
        return (
            f'<!doctype html>\n<html lang="zh-CN"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{detail}</p></html>\n"
        ).encode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        server_version = "credit-serve"
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}  # admin/config.yml
        sys_version = ""
        error_content_type = "text/html; charset=utf-8"
        error_message_format = (  # what http.server sends itself (501 for POST and the like): in Chinese too
            '<!doctype html>\n<html lang="zh-CN"><meta charset="utf-8"><title>%(code)d</title>'
            "<h1>%(code)d</h1><p>本地预览只提供浏览网页（%(message)s）。</p></html>\n"
        )

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            line = format % args
            sys.stderr.write(f"{self.address_string()} - {line[:300] + '…' if len(line) > 300 else line}\n")

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            raw = self.path
            if len(raw) > max_path:
                return self._send(414, page("网址太长", "请检查链接。"), body)
            if not raw.isascii():  # bytes a browser would have percent-encoded
                return self._send(400, page("网址有误", "网址中有无法识别的字符。"), body)
            path = raw.split("#", 1)[0]
            path, _, query = path.partition("?")
            try:
                decoded = unquote(path, errors="strict")
            except UnicodeDecodeError:
                return self._send(400, page("网址有误", "网址中有无法识别的字符。"), body)
            parts = decoded.split("/")
            if (
                not decoded.startswith("/")
                or any(ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in decoded)
                or any(seg in (".", "..") for seg in parts)
            ):
                return self._send(400, page("网址有误", "网址中有不允许的字符或路径。"), body)
            target = root.joinpath(*[seg for seg in parts if seg])
            try:
                real = target.resolve(strict=True)
                if not inside(real):
                    raise FileNotFoundError(decoded)
                if real.is_dir():
                    if not decoded.endswith("/"):
                        location = quote(decoded + "/", safe="/") + (f"?{query}" if query else "")
                        return self._send(301, b"", body, location=location)
                    real = (real / "index.html").resolve(strict=True)
                    if not inside(real):
                        raise FileNotFoundError(decoded)
                if not real.is_file():
                    raise FileNotFoundError(decoded)
                fh = real.open("rb")
            except (OSError, RuntimeError, ValueError):
                return self._not_found(body)
            with fh:
                self._send(200, fh, body, ctype=self.guess_type(str(real)), size=os.fstat(fh.fileno()).st_size)

        def _not_found(self, body: bool) -> None:
            try:
                own = (root / "404.html").read_bytes()
            except OSError:
                own = page("找不到页面", '<a href="/">返回首页</a>')
            self._send(404, own, body)

        def _send(
            self, status: int, content: bytes | BinaryIO, body: bool, *, ctype: str = "text/html",
            size: int | None = None, location: str | None = None,
        ) -> None:
            if ctype.startswith(text_types) and "charset" not in ctype:
                ctype += "; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(content) if isinstance(content, bytes) else size or 0))
            self.send_header("X-Content-Type-Options", "nosniff")
            if location is not None:
                self.send_header("Location", location)
            self.end_headers()
            if body:
                if isinstance(content, bytes):
                    self.wfile.write(content)
                else:
                    shutil.copyfileobj(content, self.wfile)

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            exc = sys.exc_info()[1]
            if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
                return  # the browser went away
            print(f"错误：处理来自 {client_address[0]} 的请求时出错：{type(exc).__name__}：{exc}", file=sys.stderr)

    try:
        httpd = Server(("127.0.0.1", args.port), Handler)
    except OSError as exc:
        print(f"错误：无法在 127.0.0.1:{args.port} 上提供网站：{exc.strerror or exc}（端口被占用？请用 --port 另选）",
              file=sys.stderr)
        return 1
    with httpd:
        port = httpd.server_address[1]
        print(f"网站：http://127.0.0.1:{port}/（Ctrl+C 停止）", file=sys.stderr, flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0

