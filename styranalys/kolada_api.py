"""Fetching from the Kolada API v3 the files that :func:`styranalys.read_kolada` reads.

One fetch is one query: KPIs, the municipality, its peers (codes, or a group ``G…`` whose
members are fetched first) and years. It makes these requests, at most two at a time:

- ``GET {api}/municipality_groups/{G…}`` for each peer group asked for;
- ``GET {api}/data/kpi/{kpi,…}/municipality/{kod,…}/year/{år,…}`` (without ``/year/…``
  for all years), following ``next_url`` from page to page;
- ``GET {api}/kpi/{kpi,…}`` and ``GET {api}/municipality/{kod,…}`` for the names.

Each request has a timeout, and a 429 or 5xx answer is retried with exponential backoff,
waiting as long as ``Retry-After`` asks (up to a minute). The answers are written as they
came, with the fetch date in each file's name (``read_kolada`` credits "Källa: Kolada,
hämtat ÅÅÅÅ-MM-DD" from it), into ``out`` by atomic renames, and only once every request has
succeeded: a failed fetch leaves the earlier files as they were. The same query within a
day is answered from a local cache unless ``refresh``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ._version import __version__
from .atomic import atomic_path
from .environment import EnvironmentProblem
from .paths import user_cache

__all__ = ["DEFAULT_API", "KoladaFetch", "KoladaFetchError", "fetch_kolada", "parse_years"]

#: Kolada's public API.
DEFAULT_API = "https://api.kolada.se/v3"
_CACHE_SECONDS = 24 * 3600
_MAX_PAGES = 1000


class KoladaFetchError(EnvironmentProblem):
    """The fetch failed (the network, Kolada); the message is one Swedish sentence, and no
    file was changed."""


@dataclass
class KoladaFetch:
    """What a fetch wrote: the files, the number of values, when it was fetched, and
    whether the answers came from the local cache."""

    files: list[Path]
    values: int
    fetched: str
    from_cache: bool
    requests: int


def parse_years(text: str) -> list[int]:
    """"2015-2024" or "2019,2021" (or both) as a list of years."""
    years: list[int] = []
    for part in str(text).replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"--years: {text!r} är inga år; skriv t.ex. 2015-2024 eller "
                             "2019,2021.")
        years += range(int(first), int(last or first) + 1)
    return sorted(set(years))


def _session(backoff: float):
    """A requests session that retries 429 and 5xx with exponential backoff, honouring
    ``Retry-After`` up to a minute."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    class _Retry(Retry):
        def get_retry_after(self, response):
            wait = super().get_retry_after(response)
            return None if wait is None else min(wait, 60.0)

    retry = _Retry(total=4, backoff_factor=backoff, backoff_max=30,
                   status_forcelist=(429, 500, 502, 503, 504), allowed_methods={"GET"},
                   respect_retry_after_header=True, raise_on_status=False)
    session = requests.Session()
    for scheme in ("http://", "https://"):
        session.mount(scheme, HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = f"styranalys/{__version__}"
    return session


@dataclass
class _Client:
    """GETs to Kolada with a timeout and retries, counted."""

    timeout: float
    backoff: float
    requests: int = 0

    def get(self, session, url: str) -> dict:
        """One answer as JSON, after any retries; a failure as one Swedish sentence."""
        import requests

        self.requests += 1
        try:
            response = session.get(url, timeout=self.timeout)
        except requests.Timeout:
            raise KoladaFetchError(f"Kolada svarade inte inom {self.timeout:g} sekunder "
                                   f"({url}).") from None
        except requests.RequestException as exc:
            raise KoladaFetchError(f"Kunde inte nå Kolada ({url}): {type(exc).__name__}.") \
                from None
        if response.status_code != 200:
            raise KoladaFetchError(f"Kolada svarade {response.status_code} "
                                   f"{response.reason or ''} även efter flera försök ({url}).")
        try:
            payload = response.json()
        except ValueError:
            raise KoladaFetchError(f"Kolada svarade med ofullständig eller trasig JSON ({url}); "
                                   "försök igen senare.") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
            raise KoladaFetchError(f"Svaret från Kolada saknar listan values ({url}).")
        return payload

    def pages(self, url: str) -> list[dict]:
        """Every item of a paged answer, following ``next_url``."""
        from urllib.parse import urljoin

        items: list[dict] = []
        seen: set[str] = set()
        with _session(self.backoff) as session:
            while url and url not in seen and len(seen) < _MAX_PAGES:
                seen.add(url)
                payload = self.get(session, url)
                items += payload["values"]
                following = payload.get("next_url")
                url = urljoin(url, following) if following else ""
        return items


def _query(api: str, kpis: Sequence[str], kommun: str, peers: Sequence[str],
           years: Sequence[int]) -> dict[str, object]:
    return {"api": api.rstrip("/"), "kpi": sorted(set(kpis)), "kommun": str(kommun),
            "jamforelse": list(peers), "ar": sorted(set(years))}


def _cache_file(query: dict[str, object]) -> Path:
    key = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()[:20]
    return user_cache() / "kolada" / f"{key}.json"


def _fetch_answers(query: dict[str, object], client: _Client) -> dict[str, list]:
    """Every answer of the query, by kind: groups, data, kpi, municipality."""
    api = str(query["api"])
    groups_asked = [p for p in query["jamforelse"] if str(p).upper().startswith("G")]
    codes = [str(query["kommun"])] + [p for p in query["jamforelse"] if p not in groups_asked]
    with ThreadPoolExecutor(max_workers=2) as pool:  # never more than two requests at once
        groups = [item for found in pool.map(
            lambda g: client.pages(f"{api}/municipality_groups/{g}"), groups_asked)
                  for item in found]
        for group in groups:
            codes += [str(m["id"]) if isinstance(m, dict) else str(m)
                      for m in group.get("members", [])]
        codes = list(dict.fromkeys(codes))
        kpis, years = ",".join(query["kpi"]), ",".join(map(str, query["ar"]))
        urls = {"data": f"{api}/data/kpi/{kpis}/municipality/{','.join(codes)}"
                        + (f"/year/{years}" if years else ""),
                "kpi": f"{api}/kpi/{kpis}", "municipality": f"{api}/municipality/"
                                                             f"{','.join(codes)}"}
        found = dict(zip(urls, pool.map(client.pages, urls.values()), strict=True))
    return {"groups": groups, **found}


def _write(out: Path, answers: dict[str, list], query: dict[str, object],
           fetched: str) -> list[Path]:
    """The answers as files in ``out``, all or none; earlier files of the same query go."""
    key = _cache_file(query).stem[:8]
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kolada-", dir=out))
    try:
        written = []
        for kind, items in answers.items():
            if not items:
                continue
            name = f"kolada-{key}-{kind}-{fetched[:10]}.json"
            payload = {"values": items, "count": len(items), "next_url": None,
                       "previous_url": None,
                       "styranalys": {"hamtat": fetched, "fraga": query}}
            (staging / name).write_text(json.dumps(payload, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
            written.append(name)
        earlier = [p for p in out.glob(f"kolada-{key}-*.json") if p.name not in written]
        for name in written:
            os.replace(staging / name, out / name)
        for path in earlier:
            path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in written]


def _cached(cache: Path) -> dict | None:
    """The cached answers of a query, if there are any that can be read (a cache that
    cannot is fetched again)."""
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        dt.datetime.fromisoformat(cached["hamtat"])
        return cached if isinstance(cached.get("svar"), dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def fetch_kolada(kpis: Sequence[str], kommun: str, out: str | Path, *,
                 peers: Sequence[str] = (), years: Sequence[int] = (),
                 api: str = DEFAULT_API, refresh: bool = False, timeout: float = 30.0,
                 backoff: float = 0.5) -> KoladaFetch:
    """Fetch the KPIs' values for ``kommun`` and ``peers`` (codes or groups ``G…``) in
    ``years`` from Kolada into ``out``; see the module docstring for what it requests.

    A request answered 429 or 5xx is retried four times, ``backoff`` seconds before the
    first retry and doubling. Raises :class:`KoladaFetchError` (one Swedish sentence; no
    file changed) when a request fails after its retries, an answer is not Kolada's JSON,
    or there are no values.
    """
    if not kpis:
        raise ValueError("Ange minst ett nyckeltal med --kpi, t.ex. N03702.")
    query = _query(api, kpis, kommun, peers, years)
    cache = _cache_file(query)
    cached = _cached(cache)
    now = dt.datetime.now()
    fresh = cached and (now - dt.datetime.fromisoformat(cached["hamtat"])).total_seconds() \
        < _CACHE_SECONDS
    if fresh and not refresh:
        answers, fetched, requests = cached["svar"], cached["hamtat"], 0
    else:
        client = _Client(timeout, backoff)
        answers, requests = _fetch_answers(query, client), client.requests
        fetched = now.isoformat(timespec="seconds")
        if not answers["data"]:
            raise KoladaFetchError(
                f"Kolada har inga värden för {', '.join(query['kpi'])} i de kommuner och år "
                "som angavs; inga filer ändrades.")
        with atomic_path(cache) as tmp:
            tmp.write_text(json.dumps({"hamtat": fetched, "svar": answers},
                                      ensure_ascii=False), encoding="utf-8")
    files = _write(Path(out), answers, query, fetched)
    return KoladaFetch(files, len(answers["data"]), fetched[:10], bool(fresh and not refresh),
                       requests)
