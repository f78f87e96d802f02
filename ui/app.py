"""The Gradio chat: answers with [n] markers, a sources panel, filters, feedback, upload.

Officials ask from a page of their provincial intranet and must check every figure
without leaving it, so each answer comes with a sources panel: for every citation the
report title, province, report date, section breadcrumb and line span, and the passage
around it with the cited sentence in ``<mark>``. When nothing supports an answer the
chat says so ("Không tìm thấy ...", or "Không tìm được câu trả lời đủ tin cậy ... (độ tin cậy:
thấp)" when candidates were weighed and none was sure enough, with the closest candidate's
figure in bold) and the panel shows that candidate's sentence marked, as not asserted, then the
closest passages.

Two layouts are built from the same handlers: the full page at ``/`` and a compact one
at ``/embed/`` for iframes and ``<gradio-app>`` web components (chat, sources and
feedback only). Both are mounted into the API's FastAPI app by :func:`create_server`.

Follow-up questions ("còn Sóc Trăng thì sao?") work because each session keeps its
previous questions and passes them to ``Pipeline.ask(history=...)``.

Gradio is imported inside the functions here, so ``hoidap --help`` stays instant. This
module does not use ``from __future__ import annotations``: Gradio finds the
``gr.Request`` parameter of a handler through its evaluated annotation, and ``gr`` is
only a local name here.
"""

import datetime as dt
import secrets
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from hoidap.text import has_words
from hoidap.types import Answer, Report
from ingest.readers import OFFICE_SUFFIXES
from ui import render
from ui.feedback import record_feedback
from ui.guard import is_gradio_upload
from ui.service import MAX_QUESTION_CHARS, UPLOAD_SUFFIXES, Service, clean_question
from ui.strings import EXAMPLES, LANGUAGE_CHOICES, language, text

if TYPE_CHECKING:
    import gradio as gr
    from fastapi import FastAPI

Session = dict[str, Any]


def new_session() -> Session:
    """Per-browser-tab state: the chat messages and the (question, Answer) turns."""
    return {"messages": [], "turns": []}


def province_choices(service: Service, lang: str) -> list[tuple[str, str]]:
    return [(text(lang, "all"), ""), *((p, p) for p in service.provinces())]


def kind_choices(service: Service, lang: str) -> list[tuple[str, str]]:
    """The kinds of the indexed documents ("kế hoạch", "quyết định", …), as the CLI's
    ``--kind`` takes them."""
    kinds = sorted({r.kind for r in service.reports() if r.kind})
    return [(text(lang, "all"), ""), *((k[:1].upper() + k[1:], k) for k in kinds)]


def report_choices(service: Service, lang: str) -> list[tuple[str, str]]:
    """Reports labelled the way officials name them: province, date, title."""
    choices = [(text(lang, "all"), "")]
    for r in sorted(
        service.reports(),
        key=lambda r: (r.province, r.issued or r.period_end or dt.date.min, r.source),
    ):
        title = r.title if len(r.title) <= 70 else r.title[:69] + "…"
        date = render.report_date(r, None, lang)
        choices.append((f"{r.province} · {date} · {title}", r.source))
    return choices


class ChatHandlers:
    """The event handlers, free of layout so unit tests can call them directly."""

    def __init__(self, service: Service, config: Config) -> None:
        self.service = service
        self.config = config

    def sources(self, answer: Answer | None, lang: str) -> str:
        return render.sources_html(answer, self.service.chunk_of, self.service.report_of, lang)

    def respond(
        self,
        question: str,
        session: Session | None,
        province: str,
        report: str,
        lang: str,
        kind: str = "",
        issued_from: str = "",
        issued_to: str = "",
    ) -> tuple[list[dict[str, str]], Session, str, str, str]:
        """Answer one question: (messages, session, cleared question box, sources, notice).
        The filters are those of ``hoidap ask``: province, report, document kind and an
        issue-date range ("01/11/2025" or "2025-11-01", both ends included)."""
        lang = language(lang)
        session = session or new_session()
        last = session["turns"][-1][1] if session["turns"] else None
        try:
            question = clean_question(question)
        except InputError as exc:
            typed = (question or "").strip()
            if not typed:
                notice = text(lang, "empty_question")
            elif len(typed) > MAX_QUESTION_CHARS:
                notice = text(lang, "too_long", limit=MAX_QUESTION_CHARS)
            elif not has_words(typed):  # punctuation or emoji only (it was told "too long")
                notice = text(lang, "no_words")
            else:
                notice = text(lang, "error", reason=str(exc))
            return session["messages"], session, question, self.sources(last, lang), notice
        history = [q for q, _ in session["turns"]]
        session["messages"].append({"role": "user", "content": render.question_markdown(question)})
        try:
            answer = self.service.ask(
                question,
                province=province or None,
                report=report or None,
                history=history,
                id=uuid.uuid4().hex[:12],
                kind=kind or None,
                issued_from=(issued_from or "").strip() or None,
                issued_to=(issued_to or "").strip() or None,
            )
        except HoidapError as exc:
            reply = render.md_escape(text(lang, "error", reason=str(exc)))
            session["messages"].append({"role": "assistant", "content": reply})
            return session["messages"], session, "", self.sources(last, lang), ""
        session["turns"].append((question, answer))
        content = render.answer_markdown(answer, self.service.report_of, lang)
        session["messages"].append({"role": "assistant", "content": content})
        return session["messages"], session, "", self.sources(answer, lang), ""

    def feedback(
        self,
        verdict: str,
        comment: str,
        session: Session | None,
        province: str,
        report: str,
        lang: str,
        kind: str = "",
        issued_from: str = "",
        issued_to: str = "",
    ) -> tuple[str, str]:
        """Store a verdict on the last answer: (notice, cleared comment)."""
        lang = language(lang)
        if not session or not session["turns"]:
            return text(lang, "feedback_nothing"), comment
        question, answer = session["turns"][-1]
        try:
            record_feedback(
                self.config.feedback_file,
                question=question,
                answer=answer.to_json(),
                verdict=verdict,
                comment=comment or "",
                history=[q for q, _ in session["turns"][:-1]],
                filters={
                    "province": province or None,
                    "report": report or None,
                    # Document filters only when set (older records have none).
                    **{
                        name: value.strip()
                        for name, value in (
                            ("kind", kind),
                            ("issued_from", issued_from),
                            ("issued_to", issued_to),
                        )
                        if value and value.strip()
                    },
                },
                language=lang,
            )
        except OSError as exc:
            # A full disk or a feedback_path that cannot be written was Gradio's bare "Error"
            # and the comment was lost; now it stays in its box and the reason is shown.
            return text(lang, "feedback_failed", reason=exc.strerror or type(exc).__name__), comment
        return text(lang, "feedback_saved"), ""

    def upload(self, file: str | None, token: str, lang: str) -> tuple[str, Report | None]:
        """Add one report when the admin token matches: (message, the new Report or None)."""
        lang = language(lang)
        if not self.service.upload_enabled:
            return text(lang, "upload_disabled"), None
        if not file:
            return text(lang, "upload_no_file"), None
        if not secrets.compare_digest((token or "").encode(), self.config.token.encode()):
            return text(lang, "upload_bad_token"), None
        path = Path(file)
        if path.suffix.lower() not in UPLOAD_SUFFIXES:
            old = path.suffix.lower() in OFFICE_SUFFIXES  # a .doc: say how to make a .docx
            return text(
                lang, "upload_old_office" if old else "upload_bad_type", name=path.name
            ), None
        # The path comes from the browser's event payload: only a file Gradio itself
        # received may be read, never a server path a client names (e.g. ~/x.md).
        if not is_gradio_upload(path):
            return text(lang, "upload_no_file"), None
        try:
            report = self.service.add_report(path, original_name=path.name)
        except HoidapError as exc:
            return text(lang, "upload_failed", reason=str(exc)), None
        finally:
            path.unlink(missing_ok=True)  # Gradio's copy is not needed any more
        message = text(
            lang,
            "upload_ok",
            title=report.title or report.source,
            province=report.province or "?",
            date=render.report_date(report, None, lang),
            source=report.source,
        )
        if report.unread_pages:
            pages = ", ".join(str(p) for p in report.unread_pages)
            message += " " + text(lang, "upload_unread", pages=pages)
        return message, report

    def new_chat(self, lang: str) -> tuple[list[dict[str, str]], Session, str, str]:
        return [], new_session(), self.sources(None, language(lang)), ""


class _Labels:
    """Components whose text follows the language switch, with how to relabel each."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, Callable[[str], dict[str, Any]]]] = []

    def __call__(self, component: Any, make: Callable[[str], dict[str, Any]]) -> Any:
        self.items.append((component, make))
        return component


def build_blocks(service: Service, config: Config, *, compact: bool = False) -> "gr.Blocks":
    """The chat page; ``compact`` is the embed layout: one column (chat, question, sources,
    feedback), filters folded, no header and no upload."""
    import gradio as gr

    h = ChatHandlers(service, config)
    t, lang0 = text, "vi"
    label = _Labels()

    def language_radio() -> Any:
        return gr.Radio(
            LANGUAGE_CHOICES,
            value=lang0,
            show_label=False,
            elem_id="hd-lang",
            scale=0,
            min_width=300,
        )

    def chat_widgets() -> tuple[Any, Any, Any, Any]:
        chatbot = label(
            gr.Chatbot(
                label=t(lang0, "chat"),
                show_label=False,
                height=320 if compact else 480,
                latex_delimiters=[],
                sanitize_html=True,
                render_markdown=True,
                feedback_options=None,
                buttons=["copy"],
                elem_id="hd-chat",
            ),
            lambda lang: {"label": t(lang, "chat")},
        )
        with gr.Row(equal_height=True):
            question = label(
                gr.Textbox(
                    label=t(lang0, "question"),
                    placeholder=t(lang0, "placeholder"),
                    lines=1,
                    max_lines=4,
                    scale=5,
                    autofocus=not compact,
                    elem_id="hd-question",
                ),
                lambda lang: {"label": t(lang, "question"), "placeholder": t(lang, "placeholder")},
            )
            send = label(
                gr.Button(
                    t(lang0, "send"), variant="primary", scale=1, min_width=80, elem_id="hd-send"
                ),
                lambda lang: {"value": t(lang, "send")},
            )
        notice = gr.Markdown("", elem_id="hd-notice")
        return chatbot, question, send, notice

    def examples_widget(question: Any) -> None:
        examples = gr.Examples(
            [[q] for q in (EXAMPLES[:2] if compact else EXAMPLES)],
            inputs=[question],
            label=t(lang0, "examples"),
        )
        label(examples.dataset, lambda lang: {"label": t(lang, "examples")})

    def feedback_widgets() -> tuple[Any, Any, Any, Any]:
        with gr.Row(equal_height=True):
            correct = label(
                gr.Button(t(lang0, "correct"), size="sm", elem_id="hd-correct"),
                lambda lang: {"value": t(lang, "correct")},
            )
            wrong = label(
                gr.Button(t(lang0, "wrong"), size="sm", elem_id="hd-wrong"),
                lambda lang: {"value": t(lang, "wrong")},
            )
            clear = label(
                gr.Button(t(lang0, "new_chat"), size="sm", elem_id="hd-new-chat"),
                lambda lang: {"value": t(lang, "new_chat")},
            )
        comment = label(
            gr.Textbox(
                label=t(lang0, "comment"),
                placeholder=t(lang0, "comment_placeholder"),
                lines=1,
                elem_id="hd-comment",
            ),
            lambda lang: {
                "label": t(lang, "comment"),
                "placeholder": t(lang, "comment_placeholder"),
            },
        )
        return correct, wrong, clear, comment

    def date_box(key: str) -> Any:
        """An issue-date bound, typed as officials write dates (ISO works too)."""

        def make(lang: str) -> dict[str, Any]:
            return {"label": t(lang, key), "placeholder": t(lang, "date_placeholder")}

        return label(
            gr.Textbox(
                lines=1,
                max_lines=1,
                min_width=140,
                elem_id=f"hd-{key.replace('_', '-')}",
                **make(lang0),
            ),
            make,
        )

    def filter_widgets() -> tuple[Any, Any, Any, Any, Any]:
        # Relabelled with their choices in on_language (their values must stay).
        province = gr.Dropdown(
            province_choices(service, lang0),
            value="",
            label=t(lang0, "province"),
            elem_id="hd-province",
        )
        kind = gr.Dropdown(
            kind_choices(service, lang0), value="", label=t(lang0, "doc_kind"), elem_id="hd-kind"
        )
        with gr.Row(equal_height=True):
            issued_from, issued_to = date_box("issued_from"), date_box("issued_to")
        report = gr.Dropdown(
            report_choices(service, lang0), value="", label=t(lang0, "report"), elem_id="hd-report"
        )
        return province, kind, issued_from, issued_to, report

    def sources_widget() -> Any:
        label(
            gr.Markdown(f"### {t(lang0, 'sources')}", elem_id="hd-sources-title"),
            lambda lang: {"value": f"### {t(lang, 'sources')}"},
        )
        return gr.HTML(h.sources(None, lang0), elem_id="hd-sources")

    def filters_box() -> Any:
        return label(
            gr.Accordion(t(lang0, "filters"), open=not compact, elem_id="hd-filters"),
            lambda lang: {"label": t(lang, "filters")},
        )

    with gr.Blocks(title=t(lang0, "title"), analytics_enabled=False) as demo:
        session = gr.State(new_session())
        if compact:
            chatbot, question, send, notice = chat_widgets()
            sources = sources_widget()
            correct, wrong, clear, comment = feedback_widgets()
            examples_widget(question)
            with filters_box():
                lang_radio = language_radio()
                province, kind, issued_from, issued_to, report = filter_widgets()
        else:
            with gr.Row(equal_height=True, elem_classes=["hd-row"]):
                label(
                    gr.Markdown(_header(lang0), elem_id="hd-header"),
                    lambda lang: {"value": _header(lang)},
                )
                lang_radio = language_radio()
            with gr.Row(elem_classes=["hd-row"]):
                with gr.Column(scale=3, min_width=320):
                    chatbot, question, send, notice = chat_widgets()
                    examples_widget(question)
                    correct, wrong, clear, comment = feedback_widgets()
                with gr.Column(scale=2, min_width=320):
                    with filters_box():
                        province, kind, issued_from, issued_to, report = filter_widgets()
                    sources = sources_widget()
            _admin_panel(gr, h, service, label, lang_radio, province, report)

        documents = [kind, issued_from, issued_to]
        ask_inputs = [question, session, province, report, lang_radio, *documents]
        ask_outputs = [chatbot, session, question, sources, notice]
        for trigger in (send.click, question.submit):
            trigger(h.respond, ask_inputs, ask_outputs, api_visibility="private")
        for button, verdict in ((correct, "đúng"), (wrong, "sai")):
            button.click(
                _bind_verdict(h, verdict),
                [comment, session, province, report, lang_radio, *documents],
                [notice, comment],
                api_visibility="private",
            )
        # The chatbot's own trash icon starts a new chat too (history must not outlive it).
        for trigger in (clear.click, chatbot.clear):
            trigger(
                h.new_chat,
                [lang_radio],
                [chatbot, session, sources, notice],
                api_visibility="private",
            )

        def on_language(
            lang: str, state: Session | None, prov: str, rep: str, kin: str
        ) -> list[Any]:
            lang = language(lang)
            last = state["turns"][-1][1] if state and state["turns"] else None
            return [
                *(gr.update(**make(lang)) for _, make in label.items),
                gr.update(
                    label=t(lang, "province"), choices=province_choices(service, lang), value=prov
                ),
                gr.update(
                    label=t(lang, "report"), choices=report_choices(service, lang), value=rep
                ),
                gr.update(
                    label=t(lang, "doc_kind"), choices=kind_choices(service, lang), value=kin
                ),
                h.sources(last, lang),
            ]

        lang_radio.change(
            on_language,
            [lang_radio, session, province, report, kind],
            [*(c for c, _ in label.items), province, report, kind, sources],
            api_visibility="private",
        )

        def on_load(request: gr.Request) -> tuple[Any, ...]:
            """``?lang=en&province=Cà Mau&report=<file>&kind=kế hoạch`` preset the page
            (handy in iframes); the choices are read afresh (reports may have been added)."""
            params = dict(request.query_params) if request else {}
            lang = language(params.get("lang"))
            provinces, reports = province_choices(service, lang), report_choices(service, lang)
            kinds = kind_choices(service, lang)

            def refreshed(name: str, choices: list[tuple[str, str]]) -> Any:
                # A value only when the address presets one: an official who picked a
                # filter before this load event answered keeps the choice.
                if name not in params:
                    return gr.update(choices=choices)
                wanted = params[name]
                return gr.update(
                    choices=choices, value=wanted if wanted in {v for _, v in choices} else ""
                )

            return (
                lang,
                refreshed("province", provinces),
                refreshed("report", reports),
                refreshed("kind", kinds),
            )

        demo.load(on_load, None, [lang_radio, province, report, kind], api_visibility="private")
    demo.queue(default_concurrency_limit=4)
    calm_queue(demo)
    return demo


# How often Gradio's queue looks for work when it has none (seconds). Its default on
# Linux, 1 ms (and 10 ms for progress updates), wakes the server's event loop 1,100
# times a second: ~3% of a core with nobody asking, and every wake-up takes the GIL
# from the thread answering an API question. 20 ms is unnoticeable in a chat.
QUEUE_IDLE_POLL = 0.02
QUEUE_PROGRESS_POLL = 0.1


def calm_queue(demo: Any) -> None:
    """Let Gradio's queue poll at ``QUEUE_IDLE_POLL`` when idle (``demo.queue()`` first)."""
    queue = getattr(demo, "_queue", None)
    if queue is None:
        return
    if getattr(queue, "sleep_when_free", 0) < QUEUE_IDLE_POLL:
        queue.sleep_when_free = QUEUE_IDLE_POLL
    if getattr(queue, "progress_update_sleep_when_free", 0) < QUEUE_PROGRESS_POLL:
        queue.progress_update_sleep_when_free = QUEUE_PROGRESS_POLL


def _admin_panel(
    gr: Any,
    h: ChatHandlers,
    service: Service,
    label: _Labels,
    lang_radio: Any,
    province: Any,
    report: Any,
) -> None:
    """Upload a report (admin token required; disabled with a note when none is set)."""
    t, lang0, enabled = text, "vi", service.upload_enabled
    with label(
        gr.Accordion(t(lang0, "admin"), open=False, elem_id="hd-admin"),
        lambda lang: {"label": t(lang, "admin")},
    ):
        label(
            gr.Markdown("" if enabled else t(lang0, "upload_disabled"), elem_id="hd-upload-note"),
            lambda lang: {"value": "" if enabled else t(lang, "upload_disabled")},
        )
        upload_file = label(
            gr.File(
                label=t(lang0, "upload"),
                file_types=list(UPLOAD_SUFFIXES),
                type="filepath",
                interactive=enabled,
                elem_id="hd-upload",
            ),
            lambda lang: {"label": t(lang, "upload")},
        )
        with gr.Row(equal_height=True):
            token = label(
                gr.Textbox(
                    label=t(lang0, "token"),
                    type="password",
                    interactive=enabled,
                    elem_id="hd-token",
                ),
                lambda lang: {"label": t(lang, "token")},
            )
            add = label(
                gr.Button(t(lang0, "add_report"), interactive=enabled, elem_id="hd-add"),
                lambda lang: {"value": t(lang, "add_report")},
            )
        status = gr.Markdown("", elem_id="hd-upload-status")

    def on_upload(file: str | None, secret: str, lang: str) -> tuple[Any, ...]:
        message, added = h.upload(file, secret, lang)
        # The token field is emptied after every attempt: it must not sit in the page.
        if added is None:
            return render.md_escape(message), gr.update(), gr.update(), gr.update(), ""
        return (
            render.md_escape(message),
            gr.update(choices=province_choices(service, lang)),
            gr.update(choices=report_choices(service, lang)),
            None,
            "",
        )

    add.click(
        on_upload,
        [upload_file, token, lang_radio],
        [status, province, report, upload_file, token],
        api_visibility="private",
    )


def _bind_verdict(h: ChatHandlers, verdict: str) -> Callable[..., tuple[str, str]]:
    def handler(
        comment: str,
        session: Session | None,
        province: str,
        report: str,
        lang: str,
        *documents: str,
    ) -> tuple[str, str]:
        notice, cleared = h.feedback(verdict, comment, session, province, report, lang, *documents)
        return render.md_escape(notice), cleared

    return handler


def _header(lang: str) -> str:
    return f"## {text(lang, 'title')}\n{text(lang, 'subtitle')}"


def create_server(
    service: Service, config: Config, *, allow_origins: Sequence[str] = ()
) -> "FastAPI":
    """One FastAPI app: the JSON API, the chat at ``/`` and the compact chat at ``/embed/``.

    ``/gradio.js`` serves Gradio's own web-component loader from this server, so an
    intranet page can use ``<gradio-app>`` with no CDN (the servers have no internet).
    """
    import gradio as gr
    from fastapi.responses import RedirectResponse, Response

    from ui.api import create_api

    app = create_api(service, config, allow_origins=allow_origins)
    loader = Path(gr.__file__).parent / "templates" / "frontend" / "gradio.js"

    @app.get("/gradio.js", include_in_schema=False)
    def gradio_js() -> Response:
        # It imports ./assets/index-<hash>.js, which the chat mounted at / serves.
        return Response(
            loader.read_text(encoding="utf-8"),
            media_type="text/javascript",
            headers={"Cache-Control": "no-cache"},
        )

    @app.get("/embed", include_in_schema=False)
    def embed_slash() -> RedirectResponse:
        # Relative, so it stays right behind a proxy under --root-path.
        return RedirectResponse("embed/", status_code=307)

    viewer_routes(app, service, config)
    common: dict[str, Any] = {
        "css": render.CSS,
        "js": render.page_script(),
        "theme": theme(),
        "run_history": False,
        "max_file_size": "20mb",
        "show_error": True,
        "ssr_mode": False,
        # Gradio's footer is English only ("Built with Gradio"); the header links the docs.
        "footer_links": [],
    }
    gr.mount_gradio_app(app, build_blocks(service, config, compact=True), path="/embed", **common)
    gr.mount_gradio_app(app, build_blocks(service, config, compact=False), path="/", **common)
    _install_error_handlers(app)
    return app


NO_SUCH_FUNCTION = (
    "không có chức năng này trong giao diện / no such function of the chat (fn_index, api_name)"
)


def _install_error_handlers(app: "FastAPI") -> None:
    """Malformed requests to Gradio's own routes (e.g. a non-UTF-8 body to the queue) get
    the API's 422 instead of FastAPI's default handler, which fails on them with a 500;
    a function the chat does not have (a stale page, a hand-made client: ``fn_index``
    9999 to the queue, ``/gradio_api/run/predict``) is a 404, not Gradio's KeyError or
    FnIndexInferError as a 500; and a path no route serves is told where the chat, the
    API and its docs are, Vietnamese first (it was FastAPI's English "Not Found")."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from gradio.route_utils import FnIndexInferError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from ui.api import not_found_response, validation_error_response

    def no_such_function(_request: Request, _exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": NO_SUCH_FUNCTION}, status_code=404)

    def key_error(request: Request, exc: Exception) -> JSONResponse:
        # Gradio's queue looks the function up by index (``fns[body.fn_index]``).
        if request.url.path.endswith("/queue/join"):
            return no_such_function(request, exc)
        raise exc

    for route in app.routes:
        sub = getattr(route, "app", None)
        if isinstance(sub, FastAPI):
            sub.add_exception_handler(RequestValidationError, validation_error_response)  # type: ignore[arg-type]
            sub.add_exception_handler(FnIndexInferError, no_such_function)
            sub.add_exception_handler(KeyError, key_error)
            # A path neither the API nor the chat has falls through to the chat's mount.
            sub.add_exception_handler(StarletteHTTPException, not_found_response)


def theme() -> Any:
    """Gradio's default look with local fonts (no font CDN; Vietnamese in every weight)
    and colours that keep all text at WCAG AA contrast (4.5:1), checked by axe-core in
    the browser tests."""
    import gradio as gr

    fonts = list(render.FONTS)
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        font=fonts,
        font_mono=["DejaVu Sans Mono", "Consolas", "monospace"],
    ).set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        body_text_color_subdued="*neutral_600",
        block_info_text_color="*neutral_600",
        link_text_color="*primary_700",
        link_text_color_visited="*primary_800",
        color_accent="*primary_700",
        color_accent_soft="*primary_50",
    )


def viewer_routes(app: "FastAPI", service: Service, config: Config) -> None:
    """``/reports/<file>`` (and ``/embed/reports/<file>``, so the embed's relative links
    work too): the report viewer, open like the chat itself."""
    from fastapi import Request
    from fastapi.responses import HTMLResponse

    from ui import viewer

    texts = viewer.ReportTexts()

    def page(file: str, request: Request) -> HTMLResponse:
        lang = viewer.request_lang(request.query_params)
        report = service.report_of(file)
        if report is None:
            return HTMLResponse(viewer.not_found_page(file, lang, chat_href="../"), status_code=404)
        path = viewer.report_file(config.reports_path, report.source).resolve()
        inside = path.is_relative_to(config.reports_path.resolve())
        read = texts.read(path) if inside else None
        lines = read[0] if read is not None else None
        # A file edited after it was indexed: its line numbers are not the citations' any
        # more (#L133 highlighted another sentence), so the indexed passages are shown.
        changed = read is not None and bool(report.content_hash) and read[1] != report.content_hash
        from_passages = False
        if lines is None or changed:
            indexed = getattr(service.pipeline.index, "chunks", ())
            chunks = [c for c in indexed if c.source == report.source]
            if chunks:
                lines, from_passages = viewer.lines_from_chunks(chunks), True
            else:
                changed = False
        html = viewer.report_page(
            report, lines, lang, chat_href="../", from_passages=from_passages, changed=changed
        )
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    for prefix in ("", "/embed"):
        app.add_api_route(
            prefix + "/reports/{file}",
            page,
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
        )
