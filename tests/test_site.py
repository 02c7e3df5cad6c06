"""The documentation site builds offline: no resource from another host, no broken link, and the
errors page names every error of the library."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import servicelevel.errors as errors
from servicelevel.warranty import WarrantyError
from tests.conftest import ROOT


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []  # resources the browser fetches by itself
        self.links: list[str] = []  # hyperlinks a reader may follow

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and values.get("src"):
            self.loaded.append(str(values["src"]))
        if tag == "link" and values.get("href"):
            self.loaded.append(str(values["href"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    shutil.copyfile(ROOT / "CHANGELOG.md", ROOT / "docs" / "changelog.md")  # as `make docs` does
    subprocess.run(
        [sys.executable, str(ROOT / "docs" / "gen_views.py")], check=True, cwd=ROOT, capture_output=True
    )
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    return out


@pytest.mark.slow  # builds the whole site with mkdocs (the fixture, once)
def test_nothing_is_fetched_from_another_host_and_no_link_is_broken(site: Path) -> None:
    """The built site fetches nothing from another host and has no broken link."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    broken, remote = [], []
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.loaded:
            if re.match(r"^(https?:)?//", url):
                remote.append(f"{page.relative_to(site)}: {url}")
        for url in parser.links:
            if re.match(r"^([a-z]+:|#)", url):  # another site, mailto:, or a place on this page
                continue
            path = url.split("#")[0].split("?")[0]
            base = site if path.startswith("/") else page.parent  # 404.html links from the root
            target = (base / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {url}")
    assert remote == [], remote[:10]
    assert broken == [], broken[:10]
    assert not (site / "gen_views.py").exists()  # a build step, not a page


@pytest.mark.slow  # builds the whole site with mkdocs (the fixture, once)
def test_the_api_reference_hides_private_and_dunder_members(site: Path) -> None:
    """The API reference shows the public members and hides private and dunder ones."""
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "Incident" in api
    assert "next_change" in api
    assert "__repr__" not in api
    assert "_trusted" not in api


@pytest.mark.slow  # builds the whole site with mkdocs (the fixture, once)
def test_doctest_output_is_not_highlighted_as_python(site: Path) -> None:
    """Issue #27: doctest blocks are console sessions: prompts and output are told apart (Pygments'
    ``gp`` and ``go`` classes), so a printed table is not coloured as Python code."""
    page = (site / "tickets" / "index.html").read_text(encoding="utf-8")
    assert '<span class="gp">&gt;&gt;&gt; </span>' in page
    assert '<span class="go">' in page


def test_the_errors_page_names_every_error() -> None:
    """The errors page names every error and warning class of the library."""
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    tree = [
        name
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if cls.__module__ == errors.__name__ and issubclass(cls, Exception | Warning)
    ]
    tree.append(WarrantyError.__name__)  # the warranty's own, beside its model
    assert len(tree) > 10
    missing = [name for name in tree if f"`{name}`" not in page]
    assert missing == [], f"docs/errors.md does not name {missing}"
