"""A command imports only what it needs: what each one leaves in ``sys.modules``, in a fresh
interpreter (never timed: benchmarks/bench_cold_start.py measures the seconds).

Also the two pieces that make a cold start cheap give the answers they replaced: NLTK's Punkt
and Snowball imported without NLTK's package initialisers (text/lazy_nltk.py), and the language
model mapped from its cache (text/langid_model.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefgen.config import SAMPLES_DIR
from briefgen.text import langid_model

# What an html,json build of text articles must never import.
NOT_FOR_HTML_JSON = (
    "weasyprint",  # only a PDF needs it (render/pdf.py)
    "fontTools",
    "scipy.stats",  # what `import nltk` drags in through nltk.metrics
    "scipy.optimize",  # the exact solver (select/coverage.py): summarize and eval only
    "nltk.metrics",
    "nltk.corpus.reader",
    "nltk.tokenize.toktok",
    "trafilatura",  # HTML pages only
    "lxml",
    "httpx",  # URLs only
    "feedparser",  # feeds only
)
# What `briefgen --help` must never import: it prints the commands and exits.
NOT_FOR_HELP = (
    "numpy",
    "scipy",
    "pydantic",
    "yaml",
    "jinja2",
    "nltk",
    "py3langid",
    "weasyprint",
    "briefgen.config",
    "briefgen.pipeline",
    "briefgen.text",
)


def run_child(code: str, cache: Path) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object, returned here."""
    env_code = f"import os; os.environ['BRIEFGEN_CACHE_DIR'] = {str(cache)!r}\n"
    done = subprocess.run(
        [sys.executable, "-c", env_code + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def loaded(names: tuple[str, ...]) -> str:
    return f"print(json.dumps(sorted(n for n in {names!r} if n in sys.modules)))"


@pytest.fixture
def five_articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    txt_and_md = sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in (".txt", ".md"))[:5]
    assert len(txt_and_md) == 5
    for p in txt_and_md:
        shutil.copy(p, folder / p.name)
    return folder


def test_an_html_json_build_imports_no_pdf_engine_and_no_rest_of_nltk(tmp_path, five_articles):
    out = tmp_path / "out"
    code = f"""
        import json, sys
        from datetime import date
        from pathlib import Path
        from briefgen.config import load_config
        from briefgen.pipeline import build
        cfg = load_config(None, inputs=[{str(five_articles)!r}], out={str(out)!r},
                          formats=["html", "json"], date=date(2026, 1, 15), fresh=True)
        result = build(cfg)
        assert [p.suffix for p in result.written] == [".html", ".json"], result.written
        assert all(p.is_file() and p.parent == Path({str(out)!r}) for p in result.written)
        assert result.brief.key_points or result.brief.sections
        {loaded(NOT_FOR_HTML_JSON)}
    """
    assert run_child(code, tmp_path / "cache") == []


def test_the_probe_sees_a_module_the_pdf_writer_imports(tmp_path):
    # the check above can fail: the PDF writer does bring WeasyPrint in
    code = f"""
        import json, sys
        import briefgen.render.pdf
        {loaded(NOT_FOR_HTML_JSON)}
    """
    assert "weasyprint" in run_child(code, tmp_path / "cache")


def test_help_imports_nothing_heavy(tmp_path):
    code = f"""
        import contextlib, io, json, sys
        sys.argv = ["briefgen", "--help"]
        from briefgen.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as shown:
            try:
                main()
            except SystemExit:
                pass
        assert "build" in shown.getvalue()
        {loaded(NOT_FOR_HELP)}
    """
    assert run_child(code, tmp_path / "cache") == []


SPLIT_AND_STEM = """
    import json, sys
    from briefgen.text import split_sentences, stem
    text = ("Dr. Ana Ruiz met the U.S. delegation in Geneva on Jan. 5. Talks ran late. "
            "'We are close,' she said. The realization came at 3 a.m. on Friday.")
    words = ["realization", "organizations", "ministers", "quantized", "generously",
             "people-to-people", "india's", "women\\u2019s", "emergency", "internationally"]
    print(json.dumps({"spans": split_sentences(text), "stems": [stem(w) for w in words],
                      "nltk": sorted(n for n in ("nltk.metrics", "scipy.stats") if n in sys.modules)}))
"""


def test_punkt_and_snowball_answer_as_with_the_whole_of_nltk(tmp_path):
    light = run_child(SPLIT_AND_STEM, tmp_path / "cache")
    whole = run_child("import nltk\n" + textwrap.dedent(SPLIT_AND_STEM), tmp_path / "cache")
    assert light["nltk"] == [] and whole["nltk"] == ["nltk.metrics", "scipy.stats"]
    assert light["spans"] == whole["spans"] and light["stems"] == whole["stems"]
    assert len(light["spans"]) == 4
    assert light["stems"][:3] == ["realize", "organ", "minist"]


def test_the_rest_of_nltk_completes_when_asked_for(tmp_path):
    code = """
        import json, sys
        import briefgen.text
        before = "nltk.metrics" in sys.modules
        import nltk
        from nltk.corpus import stopwords
        import nltk.stem.snowball
        print(json.dumps({
            "before": before,
            "tokens": nltk.wordpunct_tokenize("Ports reopened, officials said."),
            "same_punkt": nltk.tokenize.punkt.PunktSentenceTokenizer
                is briefgen.text.punkt.PunktSentenceTokenizer,
            "stopwords": type(stopwords).__name__,
            "snowball_stopwords": nltk.stem.snowball.stopwords.__name__,
            "version": nltk.__version__ != "",
        }))
    """
    got = run_child(code, tmp_path / "cache")
    assert got == {
        "before": False,
        "tokens": ["Ports", "reopened", ",", "officials", "said", "."],
        "same_punkt": True,
        "stopwords": "LazyCorpusLoader",
        "snowball_stopwords": "stopwords",
        "version": True,
    }


# Own sentences, in the languages the filter meets most, short and long.
LANGUAGE_SAMPLES = (
    "The harbour authority said the new berths would open to container ships in March.",
    "Officials in Ottawa declined to comment.",
    "Die Hafenbehörde teilte mit, die neuen Liegeplätze würden im März eröffnet.",
    "Le ministre a annoncé un plan de soutien aux producteurs de lait.",
    "El gobierno aprobó ayer una nueva ley sobre el agua potable.",
    "Kenji Watanabe, Ottawa.",
    "",
    "2026",
)


def answers(identifier) -> list:
    return [(identifier.classify(t), identifier.rank(t)[:5]) for t in LANGUAGE_SAMPLES]


@pytest.fixture(scope="module")
def reference():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return answers(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


def test_the_language_model_cache_is_filled_once_and_gives_the_same_answers(
    tmp_path, monkeypatch, reference
):
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path / "cache"))
    first = langid_model.load_identifier(norm_probs=True)
    (folder,) = (tmp_path / "cache" / langid_model.SUBDIR).iterdir()
    assert (folder / langid_model.META).is_file()
    again = langid_model.load_identifier(norm_probs=True)
    assert isinstance(again.tk_nextmove, memoryview)  # mapped, not decompressed
    assert not isinstance(first.tk_nextmove, memoryview)
    assert answers(first) == reference
    assert answers(again) == reference


def test_a_damaged_cache_is_loaded_around(tmp_path, monkeypatch, reference):
    monkeypatch.setenv(langid_model.CACHE_ENV, str(tmp_path / "cache"))
    langid_model.load_identifier(norm_probs=True)
    (folder,) = (tmp_path / "cache" / langid_model.SUBDIR).iterdir()
    table = folder / "ptc.npy"
    table.write_bytes(table.read_bytes()[:1000])  # a disk that filled up mid-write
    identifier = langid_model.load_identifier(norm_probs=True)
    assert not isinstance(identifier.tk_nextmove, memoryview)
    assert answers(identifier) == reference
    replaced = langid_model.load_identifier(norm_probs=True)  # the damaged copy was replaced
    assert isinstance(replaced.tk_nextmove, memoryview)
    assert answers(replaced) == reference


def test_an_unwritable_cache_folder_still_loads_the_model(tmp_path, monkeypatch, reference):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n", encoding="utf-8")
    monkeypatch.setenv(langid_model.CACHE_ENV, str(blocker))
    identifier = langid_model.load_identifier(norm_probs=True)
    assert answers(identifier) == reference
    assert blocker.read_text(encoding="utf-8").startswith("a file")


@pytest.mark.parametrize("given", [None, "3"])
def test_a_command_gives_numpy_one_blas_thread_unless_the_user_chose(tmp_path, given):
    """Extra BLAS threads only spin on briefgen's sparse arithmetic: the console entry sets
    one before numpy is first imported (importing the CLI does not import numpy), and keeps a
    value the user set."""
    code = f"""
        import contextlib, io, json, os, sys
        for v in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
            os.environ.pop(v, None)
        if {given!r} is not None:
            os.environ["OPENBLAS_NUM_THREADS"] = {given!r}
        sys.argv = ["briefgen", "--help"]
        from briefgen.cli import entry
        before = "numpy" in sys.modules
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                entry()
            except SystemExit:
                pass
        print(json.dumps([before, os.environ.get("OPENBLAS_NUM_THREADS"),
                          os.environ.get("OMP_NUM_THREADS")]))
    """
    assert run_child(code, tmp_path / "cache") == [False, given or "1", "1"]


def test_the_console_entry_leaves_the_collector_off_and_what_the_build_made_frozen(
    tmp_path, five_articles
):
    """The process ends with the command: no collection walks the build's objects after it
    (the collector stays off), nor at exit (they are in the permanent generation). Calling
    ``main`` from a program changes neither: its collector is back on after a build."""
    out = tmp_path / "out"
    argv = ["briefgen", "build", "-q", "-i", str(five_articles), "-o", str(out),
            "--format", "html,json", "--date", "2026-01-15", "--fresh"]  # fmt: skip
    code = f"""
        import contextlib, gc, io, json, sys
        from briefgen import cli
        sys.argv = {argv!r}
        codes = []
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                cli.main()
            except SystemExit as e:
                codes.append(e.code)
            as_library = [gc.isenabled(), gc.get_freeze_count()]
            try:
                cli.entry()
            except SystemExit as e:
                codes.append(e.code)
        print(json.dumps([codes, as_library, gc.isenabled(), gc.get_freeze_count()]))
    """
    codes, as_library, enabled, frozen = run_child(code, tmp_path / "cache")
    assert codes == [0, 0] and as_library == [True, 0]
    assert enabled is False and frozen > 10_000
