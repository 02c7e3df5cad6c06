"""The recipe for many machines: the same evaluation on Dask worker processes (and Spark, where Java is)."""

from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from servicelevel import BusinessCalendar, load_contract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = load_contract(ROOT / "examples" / "contract.toml")
AT = "2026-12-01T00:00"


def _tickets(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lo = pd.Timestamp("2026-01-05", tz="Asia/Shanghai").value // 1000
    reported = rng.integers(lo, lo + 200 * 86_400_000_000, n)
    hour = 3_600_000_000

    def event(most: int, missing: float) -> object:
        s = pd.Series((reported + rng.integers(1, most, n)).astype("datetime64[us]")).dt.tz_localize("UTC")
        return s.mask(rng.random(n) < missing).array  # by position: the frame has its own index

    return pd.DataFrame(
        {
            "level": rng.choice(["P1", "P2", "P3"], n),
            "region": rng.choice(["北京", "上海"], n),
            "customer": rng.choice(["医院", "银行"], n),
            "reported_at": pd.Series(reported.astype("datetime64[us]")).dt.tz_localize("UTC").array,
            "responded_at": event(hour, 0.05),
            "arrived_at": event(30 * hour, 0.1),
            "resolved_at": event(60 * hour, 0.1),
        },
        index=pd.Index([f"T{i:05d}" for i in range(n)], name="ticket"),
    )


def test_calendars_and_contracts_pickle_small_without_their_indexes() -> None:
    """Calendars and contracts pickle small, without their built indexes, and round-trip equal."""
    cal = BusinessCalendar.preset("5x8", tz="Asia/Shanghai", country="CN")
    cal.add("2026-02-13T16:00", pd.Timedelta(hours=2).to_pytimedelta())  # grows the index
    CONTRACT.evaluate(_tickets(50), at=AT)
    assert len(pickle.dumps(cal)) < 1_000
    assert len(pickle.dumps(CONTRACT)) < 10_000
    assert pickle.loads(pickle.dumps(CONTRACT)) == CONTRACT


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning", "ignore::UserWarning")
def test_dask_on_worker_processes_equals_the_local_answer() -> None:
    """`evaluate` over Dask partitions on worker processes, and `compliance` of it, equal the local answer."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    tickets = _tickets(4_000)
    local = CONTRACT.evaluate(tickets, at=AT, keep=["customer"])
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        parts = dd.from_pandas(tickets, npartitions=4)
        meta = CONTRACT.evaluate(tickets.iloc[:0], at=AT, keep=["customer"])
        remote = parts.map_partitions(CONTRACT.evaluate, at=AT, keep=["customer"], meta=meta).compute()
        table = CONTRACT.compliance(remote, by="customer")
    # Dask stores text as Arrow strings (its "dataframe.convert-string" option): the columns
    # servicelevel computes must be identical, the ones passed through equal in value
    remote, local = remote.sort_index(), local.sort_index()
    assert list(remote.index) == list(local.index)
    computed = [c for c in local.columns if c.endswith(("_due", "_state", "_margin"))]
    assert len(computed) == 14  # 4 metrics × (due, state, margin), and update_due, update_state
    pd.testing.assert_frame_equal(remote[computed].set_axis(local.index), local[computed])
    pd.testing.assert_frame_equal(
        remote.drop(columns=computed), local.drop(columns=computed), check_dtype=False, check_index_type=False
    )
    pd.testing.assert_frame_equal(table, CONTRACT.compliance(local, by="customer"), check_dtype=False)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning", "ignore::ResourceWarning")
def test_spark_map_in_pandas_equals_the_local_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """`evaluate` through Spark's `mapInPandas` gives the local dues, states and margins (where Java is)."""
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime (apt install default-jre-headless)")
    pyspark = pytest.importorskip("pyspark.sql")
    tickets = _tickets(500).reset_index()
    local = CONTRACT.evaluate(tickets, at=AT, keep=["ticket"])
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # workers need the Python that has servicelevel
    contract = CONTRACT  # captured by value in the function Spark ships to its workers
    spark = (
        pyspark.SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", "UTC")  # pandas receives timestamps as naive UTC
        .getOrCreate()
    )
    try:
        frame = spark.createDataFrame(tickets)
        states = {c: "string" for c in local.columns if c.endswith("_state")}
        schema = spark.createDataFrame(local.head(50).astype(states)).schema  # the result's columns

        def evaluate(parts):  # type: ignore[no-untyped-def]
            for part in parts:
                instants = [c for c in part.columns if c.endswith("_at")]
                part[instants] = part[instants].apply(lambda s: s.dt.tz_localize("UTC"))
                out = contract.evaluate(part, at=AT, keep=["ticket"])
                yield out.astype({c: "string" for c in out.columns if c.endswith("_state")})

        remote = frame.mapInPandas(evaluate, schema=schema).toPandas()
    finally:
        spark.stop()
    remote, local = remote.set_index("ticket").sort_index(), local.set_index("ticket").sort_index()
    assert list(remote.index) == list(local.index)
    for metric in ("response", "on_site", "resolution", "report"):
        due = local[f"{metric}_due"].dt.tz_convert("UTC").dt.tz_localize(None)  # Spark: naive UTC
        assert (remote[f"{metric}_due"].astype("datetime64[us]") == due).where(due.notna(), True).all()
        assert (remote[f"{metric}_state"] == local[f"{metric}_state"].astype(str)).all()
        margin = local[f"{metric}_margin"]
        assert (
            (remote[f"{metric}_margin"].astype("timedelta64[us]") == margin).where(margin.notna(), True).all()
        )


@pytest.mark.slow
def test_dask_replay_partitioned_by_ticket_equals_the_local_answer() -> None:
    """`replay` over a log partitioned by ticket with Dask equals the local replay."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    log = pd.read_csv(ROOT / "examples" / "servicenow_log.csv")
    kw = {"ticket": "number", "time": "sys_updated_at", "status": "incident_state", "level": "priority",
          "order": "sys_mod_count", "at": "2026-09-30T00:00"}  # fmt: skip
    local = CONTRACT.replay(log, **kw)

    def replay(part: pd.DataFrame) -> pd.DataFrame:
        return CONTRACT.replay(part.reset_index(), **kw)

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        parts = dd.from_pandas(log.set_index("number"), npartitions=4, sort=True)  # a ticket per partition
        remote = parts.map_partitions(replay, meta=local.iloc[:0]).compute()
    remote, local = remote.sort_index(), local.sort_index()
    assert list(remote.index) == list(local.index)
    computed = [c for c in local.columns if c.endswith(("_due", "_state", "_margin"))]
    for c in [*computed, "reopened", "paused"]:
        assert remote[c].astype(object).equals(local[c].astype(object)), c
