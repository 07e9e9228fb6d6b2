"""The restricted URL fetcher: data: URIs and files inside the template folders, nothing else."""

from __future__ import annotations

import logging
import os

import pytest

from briefgen.render.fetcher import RestrictedFetcher


@pytest.fixture
def layout(tmp_path):
    root = tmp_path / "templates"
    root.mkdir()
    (root / "logo.svg").write_text("<svg/>")
    (root / "sub").mkdir()
    (root / "sub" / "extra.css").write_text("p { color: red }")
    outside = tmp_path / "outside.css"
    outside.write_text("p { content: 'SECRET' }")
    return root, outside


def test_data_uri_is_served(layout):
    f = RestrictedFetcher([layout[0]])
    assert f.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert f.refused == []


def test_file_inside_a_root_is_served_with_its_type(layout):
    root, _ = layout
    f = RestrictedFetcher([root])
    response = f.fetch((root / "sub" / "extra.css").as_uri())
    assert response.read() == b"p { color: red }"
    assert response.content_type == "text/css"
    assert f.fetch((root / "logo.svg").as_uri()).content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/font.woff2",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
    ],
)
def test_everything_else_is_refused_with_a_warning(layout, url, caplog):
    f = RestrictedFetcher([layout[0]])
    with caplog.at_level(logging.WARNING, logger="briefgen.render.fetcher"):
        with pytest.raises(ValueError, match="does not fetch"):
            f.fetch(url)
    assert f.refused == [url]
    assert any(url in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_dot_dot_out_of_the_root_is_refused(layout):
    root, outside = layout
    f = RestrictedFetcher([root])
    with pytest.raises(ValueError):
        f.fetch(root.as_uri() + "/../" + outside.name)
    with pytest.raises(ValueError):
        f.fetch(root.as_uri() + "/sub/%2e%2e/%2e%2e/" + outside.name)


def test_symlink_pointing_outside_is_refused(layout):
    root, outside = layout
    link = root / "innocent.css"
    os.symlink(outside, link)
    with pytest.raises(ValueError):
        RestrictedFetcher([root]).fetch(link.as_uri())


def test_missing_file_inside_a_root_is_refused(layout):
    root, _ = layout
    with pytest.raises(ValueError):
        RestrictedFetcher([root]).fetch((root / "missing.png").as_uri())


def test_root_folder_itself_is_not_a_file(layout):
    root, _ = layout
    with pytest.raises(ValueError):
        RestrictedFetcher([root]).fetch(root.as_uri())
