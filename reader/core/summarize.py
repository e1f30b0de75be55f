"""Summarisers for ``daily-papers fetch``: the bullets written under each fetched paper.

``none`` writes what Hugging Face gives (its one-line AI summary and the abstract) and needs no
key; ``openai`` asks any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, ...)
for the three Korean sections upstream digests have. A model answer is validated before it is
used: a malformed one is asked again, then the paper falls back to the ``none`` bullets with a
warning, so a paper is never lost or written half. Errors that would hit every paper (a wrong
key, an unknown model, an unreachable server) stop the fetch instead of filling a day with
fallbacks that a later run would never revisit.

No Rich or Textual here: the app calls this from a worker thread.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .model import Bullet
from .text import clean

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam

SECTIONS = (("whats_new", "What's New"), ("technical_details", "Technical Details"), ("performance_highlights", "Performance Highlights"))
MAX_SECTION_CHARS = 4000
"""A section longer than this is cut (a runaway model answer must not make a 1 MB bullet)."""
_HANGUL = re.compile("[\uac00-\ud7a3]")
_THINKING = re.compile(r"^\s*<think>.*?</think>", re.S)
_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S | re.I)

SYSTEM_PROMPT = (
    "You summarise machine-learning papers for Korean readers. Answer with one JSON object and nothing else, "
    'with exactly these keys: "whats_new", "technical_details", "performance_highlights". Each value is one '
    "paragraph (a string, 1-3 sentences) written in Korean; keep English technical terms in parentheses after "
    "their Korean rendering, e.g. 확산 모델(Diffusion Model). whats_new: what the paper contributes. "
    "technical_details: how it works. performance_highlights: the results, with numbers when the abstract has them."
)


@dataclass(frozen=True)
class PaperText:
    """What a summariser reads of one paper (already cleaned)."""

    arxiv_id: str
    title: str
    abstract: str
    ai_summary: str | None = None


@dataclass(frozen=True)
class Summary:
    """The bullets for one paper; ``from_model`` is False for the abstract bullets."""

    bullets: tuple[Bullet, ...]
    from_model: bool
    warning: str | None = None


class SummarizerUnavailable(Exception):
    """The model cannot be used at all (bad key, unknown model, server unreachable): stop the fetch."""


class Summarizer(Protocol):
    name: str

    def summarize(self, paper: PaperText) -> Summary:
        """The paper's bullets; never raises except :class:`SummarizerUnavailable`."""
        ...


def abstract_bullets(paper: PaperText) -> tuple[Bullet, ...]:
    """The ``none`` summariser's bullets: HF's one-line AI summary (when present) and the abstract."""
    bullets = []
    if paper.ai_summary:
        bullets.append(Bullet("AI Summary", paper.ai_summary))
    if paper.abstract:
        bullets.append(Bullet("Abstract", paper.abstract))
    return tuple(bullets)


class NoneSummarizer:
    """No model: the bullets come from what Hugging Face lists. Works without any key."""

    name = "none"

    def summarize(self, paper: PaperText) -> Summary:
        return Summary(abstract_bullets(paper), from_model=False)


def scrub(text: str, secrets: Sequence[str | None]) -> str:
    """``text`` with every secret (API keys) replaced, for anything shown or stored."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")


def redact_urls(text: str) -> str:
    """``https://user:secret@host/`` -> ``https://***@host/``: passwords in addresses are never shown."""
    return _USERINFO.sub("***@", text)


def parse_answer(content: str | None) -> tuple[Bullet, ...] | str:
    """The model's JSON answer as three labelled bullets, or the reason it is unusable."""
    if not isinstance(content, str) or not content.strip():
        return "empty answer"
    text = _THINKING.sub("", content).strip()  # reasoning models (Qwen3, DeepSeek-R1) think aloud first
    if fenced := _FENCED.match(text):
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        start, end = text.find("{"), text.rfind("}")
        try:  # "Here is the JSON: {...}"
            data = json.loads(text[start : end + 1]) if 0 <= start < end else None
        except (ValueError, RecursionError):
            data = None
        if data is None:
            return "answer is not JSON"
    if not isinstance(data, dict):
        return f"answer is a JSON {type(data).__name__}, not an object"
    bullets = []
    for key, label in SECTIONS:
        value = data.get(key, data.get(label))
        if not isinstance(value, str) or not clean(value):
            return f"answer has no {key!r} text"
        value = clean(value)[:MAX_SECTION_CHARS]
        if not _HANGUL.search(value):
            return f"answer's {key!r} is not in Korean"
        bullets.append(Bullet(label, value))
    return tuple(bullets)


@dataclass(frozen=True)
class OpenAISettings:
    """Where the model is. ``api_key`` is kept out of ``repr`` so it never reaches a log."""

    model: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    api_key_env: str = "OPENAI_API_KEY"
    timeout: float = 120.0
    max_retries: int = 3
    attempts: int = 2
    """How many times a malformed answer is asked for (then the abstract bullets are used)."""


OPENAI_EXTRA_HINT = "the openai summariser needs the openai package: pip install 'daily-papers-reader[openai]'"


def _content(response: object) -> str | None:
    choices = getattr(response, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    return getattr(message, "content", None)


class OpenAISummarizer:
    """Korean sections from an OpenAI-compatible chat-completions endpoint, via the official SDK.

    The SDK retries 429 and 5xx itself (``max_retries``), honouring ``Retry-After``; this class
    retries malformed answers. One client is shared by the worker threads (it is thread-safe).
    """

    name = "openai"

    def __init__(self, settings: OpenAISettings) -> None:
        try:
            import openai
        except ImportError as missing:
            raise SummarizerUnavailable(OPENAI_EXTRA_HINT) from missing
        self._openai = openai
        self.settings = settings
        # Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
        key = settings.api_key or "no-key"
        self._client = openai.OpenAI(api_key=key, base_url=settings.base_url, timeout=settings.timeout, max_retries=settings.max_retries)
        self._json_mode = True
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def _secrets(self) -> tuple[str | None]:
        return (self.settings.api_key,)

    def _ask(self, paper: PaperText) -> str | None:
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Title: {paper.title}\n\nAbstract: {paper.abstract or '(none)'}"},
        ]
        create = self._client.chat.completions.create
        if not self._json_mode:
            return _content(create(model=self.settings.model, messages=messages))
        try:
            return _content(create(model=self.settings.model, messages=messages, response_format={"type": "json_object"}))
        except self._openai.BadRequestError:
            pass  # perhaps this server has no JSON mode: ask once without it
        content = _content(create(model=self.settings.model, messages=messages))
        with self._lock:  # it answered: leave JSON mode out from now on
            self._json_mode = False
        return content

    def summarize(self, paper: PaperText) -> Summary:
        openai = self._openai
        where = redact_urls(self.settings.base_url or "the OpenAI API")
        reason = "no answer"
        for _ in range(max(1, self.settings.attempts)):
            try:
                content = self._ask(paper)
            except (openai.AuthenticationError, openai.PermissionDeniedError) as problem:
                raise SummarizerUnavailable(
                    f"the model server at {where} refused the key (HTTP {problem.status_code}); check ${self.settings.api_key_env}"
                ) from None
            except openai.NotFoundError:
                raise SummarizerUnavailable(
                    f"the model server at {where} answered HTTP 404 for model {self.settings.model!r} (is the model there, and does the address end in /v1?)"
                ) from None
            except openai.APITimeoutError:
                reason = f"the model did not answer within {self.settings.timeout:g} s"
                continue
            except openai.APIConnectionError as problem:
                cause = scrub(str(problem.__cause__ or problem), self._secrets())
                raise SummarizerUnavailable(f"cannot reach the model server at {where}: {clean(cause)[:200]}") from None
            except openai.APIStatusError as problem:
                reason = f"the model server answered HTTP {problem.status_code}"
                continue
            except openai.OpenAIError as problem:
                reason = clean(scrub(f"{type(problem).__name__}: {problem}", self._secrets()))[:200]
                continue
            parsed = parse_answer(content)
            if isinstance(parsed, tuple):
                return Summary(parsed, from_model=True)
            reason = parsed
        warning = f"{paper.arxiv_id}: {reason}; wrote the abstract instead"
        return Summary(abstract_bullets(paper), from_model=False, warning=warning)
