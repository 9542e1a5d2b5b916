from __future__ import annotations

import re
import threading

import pytest

from bot.metrics import (
    COMMAND_LATENCY,
    POSTS_DELIVERED,
    RATE_LIMIT_HITS,
    STANDARD_METRICS,
    Metrics,
    standard_metrics,
)

# One sample line of the Prometheus text format: name, optional labels, value.
SAMPLE_RE = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? \S+$')


def test_every_standard_metric_is_rendered_with_help_and_type() -> None:
    text = standard_metrics().render()
    for name, kind, _ in STANDARD_METRICS:
        assert f"# TYPE {name} {kind}" in text
        assert f"# HELP {name} " in text


def test_render_is_valid_exposition_format() -> None:
    metrics = standard_metrics()
    metrics.inc(POSTS_DELIVERED)
    metrics.inc(RATE_LIMIT_HITS, scope='a "quoted"\nscope\\')
    metrics.observe(COMMAND_LATENCY, 0.02, command="news latest")
    for line in metrics.render().splitlines():
        assert line.startswith("# ") or SAMPLE_RE.match(line), line


def test_counter_starts_at_zero_and_adds() -> None:
    metrics = standard_metrics()
    assert f"{POSTS_DELIVERED} 0" in metrics.render().splitlines()
    metrics.inc(POSTS_DELIVERED)
    metrics.inc(POSTS_DELIVERED, 2)
    assert metrics.value(POSTS_DELIVERED) == 3
    assert f"{POSTS_DELIVERED} 3" in metrics.render().splitlines()


def test_labelled_series_are_separate() -> None:
    metrics = standard_metrics()
    metrics.inc(RATE_LIMIT_HITS, scope="discord")
    metrics.inc(RATE_LIMIT_HITS, scope="cooldown")
    metrics.inc(RATE_LIMIT_HITS, scope="discord")
    lines = metrics.render().splitlines()
    assert f'{RATE_LIMIT_HITS}{{scope="discord"}} 2' in lines
    assert f'{RATE_LIMIT_HITS}{{scope="cooldown"}} 1' in lines


def test_histogram_buckets_are_cumulative() -> None:
    metrics = Metrics()
    metrics.declare("t_seconds", "histogram", "test", buckets=(0.1, 1.0))
    for value in (0.05, 0.1, 0.5, 3.0):
        metrics.observe("t_seconds", value, command="x")
    lines = metrics.render().splitlines()
    assert 't_seconds_bucket{command="x",le="0.1"} 2' in lines
    assert 't_seconds_bucket{command="x",le="1"} 3' in lines
    assert 't_seconds_bucket{command="x",le="+Inf"} 4' in lines
    assert 't_seconds_count{command="x"} 4' in lines
    assert 't_seconds_sum{command="x"} 3.65' in lines


def test_timer_observes_even_when_the_block_raises() -> None:
    metrics = standard_metrics()
    with pytest.raises(RuntimeError), metrics.timer(COMMAND_LATENCY, command="boom"):
        raise RuntimeError
    assert metrics.histogram_count(COMMAND_LATENCY, command="boom") == 1


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda m: m.inc("newsbot_typo_total"), KeyError),
        (lambda m: m.set(POSTS_DELIVERED, 1), TypeError),
        (lambda m: m.inc(POSTS_DELIVERED, -1), ValueError),
        (lambda m: m.observe(COMMAND_LATENCY, 1, le="x"), ValueError),
        (lambda m: m.declare(POSTS_DELIVERED, "gauge", "again"), ValueError),
    ],
    ids=["undeclared", "wrong-kind", "negative", "reserved-label", "redeclare-other-kind"],
)
def test_misuse_is_refused(call, error: type[Exception]) -> None:
    with pytest.raises(error):
        call(standard_metrics())


def test_registries_are_independent() -> None:
    first, second = standard_metrics(), standard_metrics()
    first.inc(POSTS_DELIVERED)
    assert second.value(POSTS_DELIVERED) == 0


def test_concurrent_increments_are_not_lost() -> None:
    metrics = standard_metrics()

    def work() -> None:
        for _ in range(2000):
            metrics.inc(POSTS_DELIVERED)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert metrics.value(POSTS_DELIVERED) == 8000
