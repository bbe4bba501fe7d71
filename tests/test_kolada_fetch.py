"""``styranalys kolada fetch`` against a real HTTP server on 127.0.0.1, started here, that
replays Kolada API v3 answers built from the shipped snapshot. Nothing leaves the loopback
address."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import RAW, run_cli

import styranalys as sa
from styranalys.kolada_api import KoladaFetchError, fetch_kolada, parse_years

SNAPSHOT = RAW / "kolada"
KPIS = ["N03702", "N03703"]
GROUP = "G000001"


def _snapshot(name: str) -> list[dict]:
    return json.loads((SNAPSHOT / name).read_text(encoding="utf-8"))["values"]


class Kolada:
    """The replaying server: ``answers`` maps a path to the answers it gives in turn (the
    last one again and again); every request is logged with its time."""

    def __init__(self) -> None:
        self.answers: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.log: list[tuple[float, str]] = []
        self.running = 0
        self.most = 0
        lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with lock:
                    outer.log.append((time.monotonic(), self.path))
                    outer.running += 1
                    outer.most = max(outer.most, outer.running)
                    queue = outer.answers.get(self.path)
                    status, headers, body = (queue.pop(0) if len(queue) > 1 else queue[0]) \
                        if queue else (404, {}, b'{"error": "not found"}')
                time.sleep(0.05)  # long enough for concurrent requests to overlap
                self.send_response(status)
                for key, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with lock:
                    outer.running -= 1

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.api = f"http://127.0.0.1:{self.server.server_address[1]}/v3"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [p for _, p in self.log]


def _page(values: list[dict], next_url: str | None) -> tuple[int, dict, bytes]:
    body = {"values": values, "count": len(values), "next_url": next_url,
            "previous_url": None}
    return 200, {}, json.dumps(body, ensure_ascii=False).encode()


DATA_PATH = "/v3/data/kpi/N03702,N03703/municipality/{codes}/year/{years}"


@pytest.fixture
def kolada():
    """A Kolada with the snapshot's two municipal BRP KPIs for a peer group of seven,
    2012–2019, the data in three pages."""
    server = Kolada()
    groups = [{"id": GROUP, "title": "Liknande kommuner, test",
               "members": [{"id": m["id"], "title": m["title"]}
                           for m in _snapshot("municipality_brp.json") if m["id"] != "1885"]}]
    codes = ",".join(["1885"] + [m["id"] for m in groups[0]["members"]])
    data = [v for v in _snapshot("data_brp_2012-2019.json") if v["kpi"] in KPIS]
    third = len(data) // 3 + 1
    path = DATA_PATH.format(codes=codes, years=",".join(map(str, range(2012, 2020))))
    pages = [data[:third], data[third:2 * third], data[2 * third:]]
    server.answers[path] = [_page(pages[0], f"{server.api[:-3]}{path}?page=2")]
    server.answers[path + "?page=2"] = [_page(pages[1], f"{path}?page=3")]  # a relative link
    server.answers[path + "?page=3"] = [_page(pages[2], None)]
    server.answers[f"/v3/municipality_groups/{GROUP}"] = [_page(groups, None)]
    server.answers[f"/v3/kpi/{','.join(KPIS)}"] = [
        _page([k for k in _snapshot("kpi_brp.json") if k["id"] in KPIS], None)]
    server.answers[f"/v3/municipality/{codes}"] = [_page(_snapshot("municipality_brp.json"),
                                                         None)]
    server.data_path, server.rows = path, len(data)
    yield server
    server.server.shutdown()


def _fetch(kolada: Kolada, out: Path, **kwargs):
    return fetch_kolada(KPIS, "1885", out, peers=[GROUP], years=parse_years("2012-2019"),
                        api=kolada.api, backoff=0.05, **kwargs)


def _paged(kolada: Kolada, path: str) -> None:
    """``path`` answers in one page (the paging fixture splits only the data)."""
    for extra in ("?page=2", "?page=3"):
        kolada.answers.pop(path + extra, None)


def test_a_fetch_follows_three_pages_and_writes_what_read_kolada_reads(kolada, tmp_path):
    result = _fetch(kolada, tmp_path / "kolada")
    pages = [p for p in kolada.paths() if p.startswith("/v3/data/")]
    assert len(pages) == 3  # every page, each once
    assert result.values == kolada.rows and not result.from_cache
    assert kolada.most <= 2  # never more than two requests at a time
    fetched = sa.read_kolada(tmp_path / "kolada", own="1885")
    original = sa.read_kolada(SNAPSHOT, own="1885")
    original = original[original["indikator_id"].isin(KPIS)]
    key = ["indikator_id", "kommun", "ar", "kon"]
    assert len(fetched) == len(original) > 0
    assert fetched.sort_values(key)["varde"].tolist() == original.sort_values(key)[
        "varde"].tolist()  # the same values, missing ones as NA with their status
    today = result.fetched
    assert fetched["kalla"].str.endswith(today).all()  # the fetch date travels with the data
    groups = sa.read_kolada_groups(tmp_path / "kolada")
    assert [g.id for g in groups] == [GROUP] and len(groups[0].members) == 7
    table = sa.peer_comparison(fetched, "1885", groups[0])
    fig = sa.plot_peer_comparison(table, "N03702")
    assert f"Källa: Kolada, hämtat {today}" in [t.get_text() for t in fig.texts]


def test_a_429_is_retried_after_the_time_retry_after_asks(kolada, tmp_path):
    path = f"/v3/kpi/{','.join(KPIS)}"
    kolada.answers[path].insert(0, (429, {"Retry-After": "1"}, b'{"error": "too many"}'))
    _fetch(kolada, tmp_path / "kolada")
    times = [t for t, p in kolada.log if p == path]
    assert len(times) == 2 and times[1] - times[0] >= 0.95


def test_a_500_is_retried_and_then_succeeds(kolada, tmp_path):
    path = f"/v3/municipality_groups/{GROUP}"
    kolada.answers[path].insert(0, (500, {}, b"Internal Server Error"))
    result = _fetch(kolada, tmp_path / "kolada")
    assert kolada.paths().count(path) == 2 and result.values == kolada.rows


def _earlier(kolada: Kolada, out: Path) -> dict[str, bytes]:
    """A good fetch's files, to prove a failed one leaves them as they were."""
    _fetch(kolada, out)
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_a_500_that_never_ends_fails_in_one_sentence_and_changes_nothing(kolada, tmp_path):
    out = tmp_path / "kolada"
    before = _earlier(kolada, out)
    kolada.answers[kolada.data_path] = [(500, {}, b"Internal Server Error")]
    with pytest.raises(KoladaFetchError, match=r"Kolada svarade 500 .*även efter flera försök"):
        _fetch(kolada, out, refresh=True)
    assert kolada.paths().count(kolada.data_path) == 2 + 4  # once before, then 1 + 4 retries
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_truncated_json_body_fails_clearly_and_changes_nothing(kolada, tmp_path):
    out = tmp_path / "kolada"
    before = _earlier(kolada, out)
    status, headers, body = kolada.answers[f"/v3/kpi/{','.join(KPIS)}"][0]
    kolada.answers[f"/v3/kpi/{','.join(KPIS)}"] = [(status, headers, body[: len(body) // 2])]
    with pytest.raises(KoladaFetchError, match="ofullständig eller trasig JSON"):
        _fetch(kolada, out, refresh=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_empty_result_says_so_and_writes_nothing(kolada, tmp_path):
    _paged(kolada, kolada.data_path)
    kolada.answers[kolada.data_path] = [_page([], None)]
    with pytest.raises(KoladaFetchError, match="inga värden"):
        _fetch(kolada, tmp_path / "kolada")
    assert not (tmp_path / "kolada").exists() or not list((tmp_path / "kolada").iterdir())


def test_the_same_query_within_a_day_comes_from_the_cache_unless_refresh(kolada, tmp_path):
    first = _fetch(kolada, tmp_path / "a")
    asked = len(kolada.log)
    again = _fetch(kolada, tmp_path / "b")
    assert again.from_cache and again.requests == 0 and len(kolada.log) == asked
    assert again.fetched == first.fetched
    assert sorted(p.name for p in again.files) == sorted(p.name for p in first.files)
    fresh = _fetch(kolada, tmp_path / "b", refresh=True)
    assert not fresh.from_cache and len(kolada.log) > asked
    for cache in (Path(os.environ["XDG_CACHE_HOME"]) / "styranalys" / "kolada").glob("*.json"):
        cache.write_text("{trasig", encoding="utf-8")  # a cache cut short: fetched again
    asked = len(kolada.log)
    assert not _fetch(kolada, tmp_path / "c").from_cache and len(kolada.log) > asked


def test_the_command_fetches_and_a_failure_is_one_swedish_sentence(kolada, tmp_path):
    out = tmp_path / "kolada"
    args = ["kolada", "fetch", "--kpi", *KPIS, "--kommun", "1885", "--jamforelse", GROUP,
            "--years", "2012-2019", "--out", str(out), "--api", kolada.api]
    done = run_cli(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Hämtade" in done.stdout and "Källa: Kolada" in done.stdout
    kolada.answers[f"/v3/kpi/{','.join(KPIS)}"] = [(503, {"Retry-After": "0"}, b"")]
    failed = run_cli(*args, "--refresh")
    assert failed.returncode == 3, failed.stdout + failed.stderr
    assert failed.stderr.startswith("Fel: Kolada svarade 503") and "Traceback" not in (
        failed.stderr)
    assert len(failed.stderr.strip().splitlines()) == 1


def test_years_are_read_as_ranges_and_lists():
    assert parse_years("2015-2017,2020") == [2015, 2016, 2017, 2020]
    with pytest.raises(ValueError, match="inga år"):
        parse_years("förra året")
