"""A small in-process metrics registry (counters, gauges, fixed-bucket histograms) in Prometheus text format.

The composition root builds one :class:`Metrics` and passes it to whatever records or serves
metrics; nothing here is global. Names must be declared first (the standard newsbot metrics are
declared by :func:`standard_metrics`), so a typo fails loudly instead of creating a new series.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

MetricKind = Literal["counter", "gauge", "histogram"]
LabelKey = tuple[tuple[str, str], ...]

# Slash commands: most answer in tens of milliseconds, summaries and briefings can take seconds.
DEFAULT_LATENCY_BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

FEEDS_POLLED = "newsbot_feeds_polled_total"
FEED_FAILURES = "newsbot_feed_poll_failures_total"
FEEDS_FAILING = "newsbot_feeds_failing"
ARTICLES_STORED = "newsbot_articles_stored_total"
POSTS_DELIVERED = "newsbot_posts_delivered_total"
POSTS_FAILED = "newsbot_posts_failed_total"
COMMAND_LATENCY = "newsbot_command_latency_seconds"
COMMAND_ERRORS = "newsbot_command_errors_total"
RATE_LIMIT_HITS = "newsbot_rate_limit_hits_total"


@dataclass
class _Histogram:
    buckets: tuple[float, ...]
    counts: list[int]
    total: float = 0.0
    count: int = 0


@dataclass
class _Metric:
    name: str
    kind: MetricKind
    help: str
    buckets: tuple[float, ...] = ()
    values: dict[LabelKey, float] = field(default_factory=dict)
    histograms: dict[LabelKey, _Histogram] = field(default_factory=dict)


class Metrics:
    """Thread-safe registry of named metrics, rendered with :meth:`render` for ``/metrics``."""

    def __init__(self) -> None:
        self._metrics: dict[str, _Metric] = {}
        self._lock = threading.Lock()

    # -- declaration -----------------------------------------------------------------
    def declare(self, name: str, kind: MetricKind, help_text: str, *, buckets: Sequence[float] = ()) -> None:
        """Declare a metric once; declaring it again with the same kind is a no-op."""
        if kind not in ("counter", "gauge", "histogram"):
            raise ValueError(f"unknown metric kind {kind!r}")
        existing = self._metrics.get(name)
        if existing is not None:
            if existing.kind != kind:
                raise ValueError(f"metric {name} already declared as a {existing.kind}")
            return
        bounds: tuple[float, ...] = ()
        if kind == "histogram":
            bounds = tuple(sorted(float(b) for b in (buckets or DEFAULT_LATENCY_BUCKETS)))
            if any(math.isinf(b) or math.isnan(b) for b in bounds):
                raise ValueError("histogram buckets must be finite (+Inf is implicit)")
        self._metrics[name] = _Metric(name, kind, help_text, bounds)

    def _get(self, name: str, kind: MetricKind) -> _Metric:
        metric = self._metrics.get(name)
        if metric is None:
            raise KeyError(f"metric {name} is not declared")
        if metric.kind != kind:
            raise TypeError(f"metric {name} is a {metric.kind}, not a {kind}")
        return metric

    # -- recording -------------------------------------------------------------------
    def inc(self, name: str, value: float = 1.0, **labels: object) -> None:
        """Add ``value`` (>= 0) to a counter."""
        if value < 0:
            raise ValueError("a counter only goes up")
        metric = self._get(name, "counter")
        key = _label_key(labels)
        with self._lock:
            metric.values[key] = metric.values.get(key, 0.0) + value

    def set(self, name: str, value: float, **labels: object) -> None:
        """Set a gauge."""
        metric = self._get(name, "gauge")
        with self._lock:
            metric.values[_label_key(labels)] = float(value)

    def observe(self, name: str, value: float, **labels: object) -> None:
        """Record one observation in a histogram."""
        metric = self._get(name, "histogram")
        key = _label_key(labels)
        with self._lock:
            hist = metric.histograms.get(key)
            if hist is None:
                hist = metric.histograms[key] = _Histogram(metric.buckets, [0] * len(metric.buckets))
            for i, bound in enumerate(hist.buckets):
                if value <= bound:
                    hist.counts[i] += 1
            hist.total += value
            hist.count += 1

    @contextmanager
    def timer(self, name: str, **labels: object) -> Iterator[None]:
        """Observe the wall-clock duration of the block (also when it raises) in a histogram."""
        self._get(name, "histogram")
        start = time.perf_counter()
        try:
            yield
        finally:
            self.observe(name, time.perf_counter() - start, **labels)

    # -- reading ---------------------------------------------------------------------
    def value(self, name: str, **labels: object) -> float:
        """Current value of a counter or gauge series (0 when never recorded)."""
        metric = self._metrics.get(name)
        if metric is None or metric.kind == "histogram":
            raise KeyError(f"no counter or gauge named {name}")
        with self._lock:
            return metric.values.get(_label_key(labels), 0.0)

    def histogram_count(self, name: str, **labels: object) -> int:
        """How many observations a histogram series holds."""
        metric = self._get(name, "histogram")
        with self._lock:
            hist = metric.histograms.get(_label_key(labels))
            return 0 if hist is None else hist.count

    def render(self) -> str:
        """The whole registry in the Prometheus text exposition format (version 0.0.4)."""
        lines: list[str] = []
        with self._lock:
            for name in sorted(self._metrics):
                metric = self._metrics[name]
                lines.append(f"# HELP {name} {_escape_help(metric.help)}")
                lines.append(f"# TYPE {name} {metric.kind}")
                if metric.kind == "histogram":
                    lines.extend(_histogram_lines(metric))
                    continue
                series = metric.values or ({(): 0.0} if metric.kind == "counter" else {})
                for key in sorted(series):
                    lines.append(f"{name}{_render_labels(key)} {_number(series[key])}")
        return "\n".join(lines) + "\n"


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

STANDARD_METRICS: tuple[tuple[str, MetricKind, str], ...] = (
    (FEEDS_POLLED, "counter", "Feed polls completed (successful or not)."),
    (FEED_FAILURES, "counter", "Feed polls that failed (fetch or parse error)."),
    (FEEDS_FAILING, "gauge", "Enabled feeds whose last poll failed."),
    (ARTICLES_STORED, "counter", "New articles stored."),
    (POSTS_DELIVERED, "counter", "Posts accepted by Discord (or the console)."),
    (POSTS_FAILED, "counter", "Post attempts that failed."),
    (COMMAND_LATENCY, "histogram", "Slash command handling time in seconds, by command."),
    (COMMAND_ERRORS, "counter", "Slash commands that ended in an error, by command."),
    (RATE_LIMIT_HITS, "counter", "Rate limits hit (Discord 429s and our own cooldowns), by scope."),
)


def standard_metrics(buckets: Sequence[float] = DEFAULT_LATENCY_BUCKETS) -> Metrics:
    """A registry with every newsbot metric declared; the composition root builds one per process."""
    metrics = Metrics()
    for name, kind, help_text in STANDARD_METRICS:
        metrics.declare(name, kind, help_text, buckets=buckets if kind == "histogram" else ())
    return metrics


def _label_key(labels: Mapping[str, object]) -> LabelKey:
    for label in labels:
        if not label.isidentifier() or label.startswith("__") or label == "le":
            raise ValueError(f"invalid label name {label!r}")
    return tuple(sorted((k, str(v)) for k, v in labels.items()))


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _render_labels(key: LabelKey, extra: tuple[str, str] | None = None) -> str:
    pairs = [*key, extra] if extra else list(key)
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape_label(v)}"' for k, v in pairs) + "}"


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _histogram_lines(metric: _Metric) -> list[str]:
    lines: list[str] = []
    name = metric.name
    for key in sorted(metric.histograms):
        hist = metric.histograms[key]
        for bound, count in zip(hist.buckets, hist.counts, strict=True):
            lines.append(f"{name}_bucket{_render_labels(key, ('le', _number(bound)))} {count}")
        lines.append(f"{name}_bucket{_render_labels(key, ('le', '+Inf'))} {hist.count}")
        lines.append(f"{name}_sum{_render_labels(key)} {_number(hist.total)}")
        lines.append(f"{name}_count{_render_labels(key)} {hist.count}")
    return lines
