"""--executor dask: the per-article stage on a Dask cluster, the same brief as a local build.

The cluster is real: a scheduler and two worker processes on loopback, started by the test
(distributed.LocalCluster). Selection and rendering stay in the client.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys

import pytest

from briefgen import executors
from briefgen.config import builtin_config
from briefgen.errors import InstallError
from briefgen.pipeline import build

distributed = pytest.importorskip("distributed")

sys.path.insert(0, os.path.dirname(__file__))
from test_jobs import FORMATS, _files, write_day  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as running:
        yield running


def _config(day, out, **scale):
    config = builtin_config(inputs=[str(day)], out=str(out), formats=FORMATS, **scale)
    history = config.history.model_copy(update={"enabled": False})
    return config.model_copy(update={"history": history})


def test_a_dask_build_writes_the_local_brief_byte_for_byte(tmp_path, cluster, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    day = write_day(tmp_path / "day", variants=20)
    local = build(_config(day, tmp_path / "local", jobs=1))
    remote = build(
        _config(day, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    )
    assert _files(tmp_path / "dask") == _files(tmp_path / "local")
    assert len(_files(tmp_path / "local")) == len(FORMATS)
    assert remote.warnings == local.warnings and len(local.warnings) == 7
    assert (remote.read, remote.skipped) == (local.read, local.skipped) == (36, 6)


def test_the_clusters_workers_did_the_work_and_their_logs_come_back_in_order(cluster, caplog):
    dask = executors.Dask(cluster.scheduler_address)
    messages = [f"notice {i}" for i in range(40)]
    try:
        pids = dask.map_articles(executors.starred(os.getpid), [()] * 200)
        with caplog.at_level(logging.INFO, logger="briefgen.readers"):
            dask.map_articles(logging.getLogger("briefgen.readers").warning, messages)
    finally:
        dask.close()
    assert os.getpid() not in pids
    assert len(set(pids)) == 2  # both worker processes took chunks
    records = [r for r in caplog.records if r.name == "briefgen.readers"]
    assert [r.getMessage() for r in records] == messages


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_bad_scheduler_address_fails_in_one_line(tmp_path, briefgen_main):
    day = write_day(tmp_path / "day", variants=0)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    ran = briefgen_main(
        "build", "-i", str(day), "--executor", "dask", "--scheduler", address, cwd=tmp_path
    )
    assert ran.returncode == 1
    assert ran.stderr.splitlines() == [
        f"briefgen: error: --scheduler {address}: cannot reach the Dask scheduler: "
        "Connection refused"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        (
            ["--scheduler", "not-an-address"],
            "briefgen: error: --scheduler not-an-address: not an address "
            "(e.g. tcp://10.0.0.5:8786)",
        ),
        (
            [],
            "briefgen: error: --executor dask needs --scheduler ADDRESS (or scheduler: in the config)",
        ),
    ],
)
def test_a_missing_or_malformed_address_fails_in_one_line(tmp_path, briefgen_main, flags, line):
    day = write_day(tmp_path / "day", variants=0)
    ran = briefgen_main("build", "-i", str(day), "--executor", "dask", *flags, cwd=tmp_path)
    assert ran.returncode in (1, 2) and ran.stderr.splitlines() == [line]


def test_without_the_extra_the_dask_executor_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InstallError) as e:
        executors.Dask("tcp://127.0.0.1:8786")
    assert re.fullmatch(
        r"--executor dask needs the 'dask' extra \(module 'distributed' is not installed\): "
        r"pip install 'briefgen\[dask\]'",
        e.value.format_message(),
    )
