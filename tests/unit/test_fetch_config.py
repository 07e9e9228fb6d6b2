"""The ``fetch:`` section and --offline: keys, errors that teach, paths, the day replayed."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefgen.config import load_config, parse_config
from briefgen.errors import ConfigError
from briefgen.sources.fetch import USER_AGENT, fetch_settings


def _config(tmp_path: Path, text: str, **overrides):
    path = tmp_path / "config" / "daily.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_config(path, **overrides)


def test_fetch_keys_resolve_against_the_config_folder(tmp_path):
    cfg = _config(
        tmp_path,
        "fetch:\n  timeout: 5\n  max_bytes: 2048\n  retries: 0\n  max_feed_items: 7\n"
        "  user_agent: ops@example.org\n",
    )
    s = fetch_settings(cfg)
    assert (s.timeout, s.max_bytes, s.retries, s.max_feed_items) == (5, 2048, 0, 7)
    assert s.cache_dir == (tmp_path / "config" / ".briefgen" / "cache").resolve()
    assert s.user_agent == f"{USER_AGENT} ops@example.org" and not s.offline


def test_an_unknown_fetch_key_names_the_line_and_the_close_one(tmp_path):
    with pytest.raises(
        ConfigError,
        match=r"daily.yaml:2: fetch.timout: unknown key 'timout'; did you mean 'timeout'\?",
    ):
        _config(tmp_path, "fetch:\n  timout: 5\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fetch:\n  timeout: 0\n", "fetch.timeout: Input should be greater than 0"),
        ('fetch:\n  user_agent: "a\\nb"\n', "user_agent must be printable ASCII on one line"),
    ],
)
def test_bad_fetch_values_are_config_errors(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(text)


def test_offline_without_a_cache_is_a_config_error(tmp_path):
    cfg = _config(tmp_path, "fetch:\n  cache_dir: null\n", offline=True)
    with pytest.raises(ConfigError, match="--offline reads only the fetch cache"):
        fetch_settings(cfg)


def test_how_articles_are_fetched_is_not_part_of_the_build_id(tmp_path):
    a = _config(tmp_path, "title: T\n")
    b = _config(tmp_path, "title: T\nfetch:\n  timeout: 3\n", offline=True)
    assert a.model_dump_json() == b.model_dump_json()


def test_offline_replays_the_brief_s_day_in_its_timezone(tmp_path):
    cfg = _config(tmp_path, "date: 2026-11-23\ntimezone: Australia/Sydney\n")
    # the end of 23 November in Sydney (UTC+11 in summer) is 13:00 UTC that day
    assert fetch_settings(cfg).before == datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)
    plain = _config(tmp_path, "title: T\n")
    epoch = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    assert fetch_settings(plain, epoch).before == datetime(2026, 11, 24, tzinfo=timezone.utc)
    assert fetch_settings(plain).before is None  # no day: the newest fetch of each URL
