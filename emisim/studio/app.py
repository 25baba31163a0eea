"""The studio's web application (Starlette, server-rendered Jinja2 templates, htmx).

Each request finds its browser's :class:`~emisim.studio.session.Session` by a cookie; a
change re-solves that session's warm engine and answers with an HTML fragment that htmx
swaps into the page. Bound to another interface than the loopback, every request must
carry the printed access token (``?token=`` once, then a cookie). Malformed requests get a
4xx with a one-line message, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from emisim.model.errors import EmisimError
from emisim.model.scenario import load_scenario, shipped_scenarios
from emisim.reports.i18n import translator
from emisim.studio import views
from emisim.studio.background import Background
from emisim.studio.controls import GROUPS, controls, parse
from emisim.studio.keep import compare_saved, save, saved_names
from emisim.studio.session import Session
from emisim.studio.sessions import COOKIE, Sessions

TOKEN_COOKIE = "emisim_studio_token"
LANGS = ("en", "zh")


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("emisim.studio", "templates"), autoescape=select_autoescape()
    )
    env.globals.update(percent=views.percent, price=views.price, money=views.money)
    return env


@lru_cache(maxsize=1)
def single_period_scenarios() -> tuple[str, ...]:
    """The shipped scenarios the studio can load: all but chains of periods (one model
    over two datasets, run by emisim run and compare; docs/model.md, Chained periods)."""
    return tuple(n for n in shipped_scenarios() if not load_scenario(n).chain.periods)


class Studio:
    """The application's state: the sessions, the templates, the output folder."""

    def __init__(
        self,
        scenario: str = "plan2020",
        *,
        token: str | None = None,
        idle_s: float = 1800.0,
        out: str | Path = "outputs",
        search_dirs: Sequence[Path] = (),
    ) -> None:
        self.scenario = scenario
        self.token = token
        self.out = Path(out)
        self.search_dirs = tuple(Path(d) for d in search_dirs)
        self.sessions = Sessions(lambda: Session(scenario, self.search_dirs), idle_s)
        self.first_name: str | None = None  # the served scenario's name, once loaded
        self.env = templates()
        #: the worker process computing each session's near-optimal ranges (background.py)
        self.background = Background()

    # ------------------------------------------------------------------ helpers

    def session(self, request: Request) -> Session:
        s = self.sessions.get(request.cookies.get(COOKIE))
        if s is None:
            raise HTTPException(409, "this session has ended (idle too long): reload the page")
        return s

    def render(self, template: str, s: Session, status: int = 200, **context: Any) -> HTMLResponse:
        _ = translator(s.lang)
        measures = views.measure_names(s, s.lang)
        html = self.env.get_template(template).render(
            _=_,
            s=s,
            lang=s.lang,
            control_label=lambda c: views.control_label(c, _, measures),
            allowed=lambda c: views.allowed(c, _),
            shown=views.shown,
            current=lambda c: c.value,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def answer(self, s: Session, q, *, changed: str = "", status: int = 200) -> HTMLResponse:
        _ = translator(s.lang)
        return self.render(
            "answer.html",
            s,
            status,
            q=q,
            prices=views.price_rows(s, q, _),
            changes=views.price_changes(s, q, _),
            families=views.binding_families(q, s.lang),
            conflict=None if q.ok else s.conflict(s.lang),
            changed=changed,
        )

    def scenario_names(self) -> list[str]:
        """The scenarios a session may load: the served one, the shipped, the saved."""
        names = [*single_period_scenarios(), *saved_names(self.out)]
        return (
            names if self.first_name in names or not self.first_name else [self.first_name, *names]
        )

    # ------------------------------------------------------------------ routes

    async def page(self, request: Request) -> Response:
        return await run_in_threadpool(self._page, request)

    def _page(self, request: Request) -> Response:
        sid = request.cookies.get(COOKIE)
        s = self.sessions.get(sid)
        if s is None:
            sid, s = self.sessions.new()
            self.first_name = self.first_name or s.base.name
        if request.query_params.get("lang") in LANGS:
            s.lang = request.query_params["lang"]
        with s.lock:
            q = s.quick()
            _ = translator(s.lang)
            resp = self.render(
                "page.html",
                s,
                q=q,
                prices=views.price_rows(s, q, _),
                changes=views.price_changes(s, q, _),
                families=views.binding_families(q, s.lang),
                conflict=None if q.ok else s.conflict(s.lang),
                controls=controls(
                    s.scenario,
                    dict(s.engine.params.targets),
                    list(s.dataset.measures["measure"]),
                ),
                groups=GROUPS,
                scenarios=self.scenario_names(),
                saved=saved_names(self.out),
                changed="",
            )
        resp.set_cookie(COOKIE, sid, httponly=True, samesite="strict")
        return resp

    async def change(self, request: Request) -> Response:
        s = self.session(request)
        form = await request.form()
        path = _field(form, "path")
        raw = form.get("value")
        value = (
            None if raw is None or raw == "" else parse(path, str(raw), form.get("percent") == "1")
        )
        return await run_in_threadpool(self._change, s, path, value)

    def _change(self, s: Session, path: str, value: Any) -> Response:
        with s.lock:
            return self.answer(s, s.change(path, value), changed=path)

    async def reset(self, request: Request) -> Response:
        s = self.session(request)
        await run_in_threadpool(_locked, s, s.reset)
        return Response(status_code=204, headers={"HX-Refresh": "true"})

    async def load(self, request: Request) -> Response:
        s = self.session(request)
        form = await request.form()
        name = _field(form, "scenario")
        if name == self.first_name:
            ref: Any = self.scenario
        elif name in saved_names(self.out):
            ref = self.out / "studio" / f"{name}.yaml"
        elif name in shipped_scenarios():
            ref = name
        else:
            raise HTTPException(400, f"unknown scenario '{name}'")
        await run_in_threadpool(_locked, s, s.load, ref)
        return Response(status_code=204, headers={"HX-Refresh": "true"})

    async def lang(self, request: Request) -> Response:
        s = self.session(request)
        form = await request.form()
        lang = _field(form, "lang")
        if lang not in LANGS:
            raise HTTPException(400, f"lang must be one of {', '.join(LANGS)}")
        s.lang = lang
        return Response(status_code=204, headers={"HX-Refresh": "true"})

    async def detail(self, request: Request) -> Response:
        s = self.session(request)
        pollutant = request.query_params.get("pollutant", s.pollutant)
        waiting = request.query_params.get("when") == "ranges"
        return await run_in_threadpool(self._detail, s, pollutant, waiting)

    def _detail(self, s: Session, pollutant: str, waiting: bool = False) -> Response:
        """The map, who cuts what and the cost; the near-optimal ranges are started in the
        background after the first answer (background.py) and the page asks for them
        (``when=ranges``: no content until they are there)."""
        with s.lock:
            if pollutant not in s.engine.params.pollutants:
                raise HTTPException(400, f"unknown pollutant '{pollutant}'")
            if waiting and s.ranges_pending:
                return Response(status_code=204)
            s.pollutant = pollutant
            res = s.result()
            if not res.tables:
                return self.render("detail.html", s, ok=False, pollutant=pollutant)
            s.ranges_in_background(self.background.submit)
            binding, n_binding = views.binding_list(s, s.lang)
            return self.render(
                "detail.html",
                s,
                ok=True,
                pollutant=pollutant,
                map=views.map_view(s, pollutant, s.lang),
                rows=views.who_cuts_what(s, pollutant, s.lang),
                cuts=views.cut_changes(s, s.lang),
                headlines=views.headlines(s, translator(s.lang)),
                objective=repr(res.summary["objective_value"]),
                binding=binding,
                n_binding=n_binding,
                ranged=s.ranges_done,
                pending=s.ranges_pending,
                ranges_error=s.ranges_error,
            )

    async def ranges(self, request: Request) -> Response:
        s = self.session(request)
        await run_in_threadpool(_locked, s, s.ranges)
        return await self.detail(request)

    async def save(self, request: Request) -> Response:
        s = self.session(request)
        form = await request.form()
        path = await run_in_threadpool(_locked, s, save, s, _field(form, "name"), self.out)
        return self.render("saved.html", s, name=path.stem, path=path)

    async def saved_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in saved_names(self.out):
            raise HTTPException(404, f"no saved scenario '{name}'")
        return FileResponse(self.out / "studio" / f"{name}.yaml", filename=f"{name}.yaml")

    async def compare(self, request: Request) -> Response:
        s = self.session(request)
        form = await request.form()
        names = [str(n) for n in form.getlist("names")]
        folder = await run_in_threadpool(compare_saved, names, self.out, s.lang, self.search_dirs)
        files = sorted(p.name for p in folder.iterdir() if p.is_file())
        return self.render("compared.html", s, folder=folder.name, files=files)

    async def compare_file(self, request: Request) -> Response:
        folder, name = request.path_params["folder"], request.path_params["file"]
        root = (self.out / "compare").resolve()
        path = (root / folder / name).resolve()
        if path.parent.parent != root or not path.is_file():
            raise HTTPException(404, "no such comparison file")
        return FileResponse(path, filename=name if not name.endswith(".html") else None)


def _locked(s: Session, fn: Any, *args: Any) -> Any:
    with s.lock:
        return fn(*args)


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    if value is None or not isinstance(value, str) or not value.strip():
        raise HTTPException(400, f"the request has no '{name}' field")
    return value.strip()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return PlainTextResponse(str(exc.detail), status_code=exc.status_code)


async def _emisim_error(request: Request, exc: Exception) -> Response:
    """A refused value: the schema's message, shown beside the control (htmx swaps 422)."""
    html = f'<p class="refused" role="alert">{_escape(str(exc))}</p>'
    return HTMLResponse(html, status_code=422, headers={"HX-Retarget": "#message"})


async def _crash(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"emisim studio: internal error ({type(exc).__name__})", 500)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TokenGate:
    """ASGI middleware: every request must carry the access token (query or cookie)."""

    def __init__(self, app: Any, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            resp = PlainTextResponse(
                "emisim studio: access token missing or wrong; open the address "
                "`emisim studio` printed (it ends in ?token=...)",
                status_code=403,
            )
            return await resp(scope, receive, send)

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start" and request.query_params.get("token"):
                cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


@contextlib.asynccontextmanager
async def _sweeper(app: Starlette) -> AsyncIterator[None]:
    """Free idle sessions on a clock too, not only when a request arrives."""
    sessions = app.state.studio.sessions

    async def sweep() -> None:
        while True:
            await asyncio.sleep(min(60.0, max(sessions.idle_s / 2, 0.1)))
            sessions.expire()

    task = asyncio.create_task(sweep())
    try:
        yield
    finally:
        task.cancel()
        app.state.studio.background.shutdown()


def create_app(studio: Studio) -> Any:
    static = resources.files("emisim.studio").joinpath("static")
    routes = [
        Route("/", studio.page),
        Route("/change", studio.change, methods=["POST"]),
        Route("/reset", studio.reset, methods=["POST"]),
        Route("/scenario", studio.load, methods=["POST"]),
        Route("/lang", studio.lang, methods=["POST"]),
        Route("/detail", studio.detail),
        Route("/ranges", studio.ranges, methods=["POST"]),
        Route("/save", studio.save, methods=["POST"]),
        Route("/saved/{name}.yaml", studio.saved_file),
        Route("/compare", studio.compare, methods=["POST"]),
        Route("/compare/{folder}/{file}", studio.compare_file),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=_sweeper,
        exception_handlers={
            HTTPException: _http_error,
            EmisimError: _emisim_error,
            Exception: _crash,
        },
    )
    app.state.studio = studio
    return TokenGate(app, studio.token) if studio.token else app
