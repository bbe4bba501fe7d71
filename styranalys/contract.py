"""The data contract: the tidy frames, their keys and allowed values, and every word list.

One module says what the frames are (column names, order and dtypes; unique keys; the codes a
column may hold; the level scale) and which words in a municipality's file mean which field or
code. The readers, Kolada, the analysis and the docs (docs/datamodell.md) all take them from
here. Word tables are keyed by :func:`styranalys._text.fold` of the word: case, spacing,
diacritics and punctuation never matter.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "DEFAULT_PHRASES",
    "FIELD_LABELS",
    "GOAL_DTYPES",
    "HEADER_SYNONYMS",
    "INDICATOR_DTYPES",
    "KEYS",
    "KOLADA_HEADERS",
    "KON",
    "KON_WORDS",
    "LEVELS",
    "LEVEL_LABELS",
    "MALTYPER",
    "MALTYP_LABELS",
    "MALTYP_SINGULAR",
    "MALTYP_WORDS",
    "MISSING_MARKS",
    "OTHER_MALTYPER",
    "PERIODS",
    "PERIOD_WORDS",
    "RIKTNINGAR",
    "RIKTNING_SYMBOLS",
    "RIKTNING_WORDS",
    "SERIES_KEY",
    "conform",
    "level_labels",
    "maltyp_label",
    "maltyp_singular",
]

# -- the frames ------------------------------------------------------------------------------

#: Goals: one row per goal, nämnd, year and period.
GOAL_DTYPES: dict[str, str] = {
    "namnd": "string", "ar": "Int64", "period": "string", "maltyp": "string",
    "omrade": "string", "mal_id": "string", "mal": "string", "bedomning": "string",
    "niva": "Int64", "kommentar": "string", "kalla": "string",
}

#: Indicators: one row per indicator, nämnd, year and period (and kön).
INDICATOR_DTYPES: dict[str, str] = {
    "indikator_id": "string", "indikator": "string", "namnd": "string", "mal_id": "string",
    "enhet": "string", "riktning": "string", "ar": "Int64", "period": "string",
    "varde": "Float64", "ingangsvarde": "Float64", "malvarde": "Float64", "malar": "Int64",
    "kon": "string", "kalla": "string",
}


#: What makes a row unique in each kind of frame.
KEYS: dict[str, list[str]] = {
    "goals": ["mal_id", "namnd", "ar", "period"],
    "indicators": ["indikator_id", "namnd", "ar", "period", "kon"],
}

#: One indicator series: its key without the year. Read, checked and analysed by it.
SERIES_KEY = ["indikator_id", "namnd", "kon", "period"]

#: The codes a coded column may hold.
PERIODS = ("bokslut", "delår")
MALTYPER = ("grunduppdrag", "kvalitetsfaktor", "utvecklingsmal")
RIKTNINGAR = ("hogre", "lagre")
KON = ("T", "K", "M")
#: The unified level scale: 4 is fulfilled, 1 is not; NA is "not assessed".
LEVELS = (1, 2, 3, 4)
#: Marks for a missing value (Kolada's and SCB's among them): a value becomes NA and is
#: counted, an assessment is "not assessed".
MISSING_MARKS: frozenset[str] = frozenset({"", "..", ".", "-", "–", "—", "…"})

#: The phrases of the unified scale (docs/datamodell.md) and the common wordings of other
#: municipalities. ``None`` means "not assessed".
DEFAULT_PHRASES: tuple[tuple[str, int | None], ...] = (
    # Lindesberg's three scales, as written in the annual report
    ("Grunduppdraget uppnås", 4),
    ("Grunduppdraget uppnås till stor del", 3),
    ("Grunduppdraget uppnås delvis", 2),
    ("Grunduppdraget uppnås inte", 1),
    ("Kvalitén uppnås", 4),
    ("Kvalitén är på väg att uppnås", 3),
    ("Kvalitén är på väg att inte uppnås", 2),
    ("Kvalitén uppnås inte", 1),
    ("Målet är uppfyllt", 4),
    ("Målet är på väg att uppfyllas", 3),
    ("Målet är på väg att inte uppfyllas", 2),
    ("Målet är inte uppfyllt", 1),
    # Other municipalities' wordings
    ("Uppfyllt", 4),
    ("Helt uppfyllt", 4),
    ("Uppfyllda", 4),
    ("Uppfylls", 4),
    ("Uppfyllas", 4),
    ("Uppnått", 4),
    ("Uppnådd", 4),
    ("Till stor del uppfyllt", 3),
    ("Till stor del uppnått", 3),
    ("Nästan uppfyllt", 3),
    ("Delvis uppfyllt", 2),
    ("Delvis uppnått", 2),
    ("Uppfylls delvis", 2),
    ("Ej uppfyllt", 1),
    ("Inte uppnått", 1),
    ("Uppfylls inte", 1),
    ("Inte på väg att uppfyllas", 1),
    # Traffic-light colour words
    ("Grön", 4),
    ("Ljusgrön", 3),
    ("Gul", 2),
    ("Orange", 2),
    ("Röd", 1),
    # The common Swedish scales of other municipalities' annual reports (sources in
    # docs/analys.md): helt / i hög grad / delvis / inte uppfyllt (Stockholm's "uppfyllts
    # helt, delvis eller ej"); når / når delvis / når inte målet (Lund); uppnått, kan
    # uppnås, kan delvis uppnås, svårt att uppnå (Västerås, Huddinge); and the sentence
    # forms "Målet har uppfyllts delvis", "Det … målet har uppnåtts" (Malmö), whose subject
    # the look-up sets aside.
    ("I hög grad uppfyllt", 3),
    ("Uppfyllts helt", 4),
    ("Uppfyllts", 4),
    ("Uppfyllts delvis", 2),
    ("Uppfyllts inte", 1),
    ("Uppnåtts", 4),
    ("Uppnåtts delvis", 2),
    ("Inte uppnåtts", 1),
    ("Når målet", 4),
    ("Når delvis målet", 2),
    ("Når målet delvis", 2),
    ("Når inte målet", 1),
    ("Kan uppnås", 3),
    ("Bedöms kunna uppnås", 3),
    ("Kan delvis uppnås", 2),
    ("Trenden är positiv, men delmålet blir svårt att nå", 2),
    ("Svårt att uppnå", 1),
    ("Bedöms inte kunna uppnås", 1),
    # Not assessed, and the uncertain forms that say no level
    ("Svårbedömt om målet kan uppnås", None),
    ("Svårbedömt", None),
    ("Inte mätbart", None),
    ("Bedömning saknas", None),
    ("Måluppfyllelsen kan inte bedömas", None),
    ("Ej bedömd", None),
    ("Ej bedömt", None),
    ("Ej bedömts", None),
    ("Kan inte bedömas", None),
    ("Går inte att bedöma", None),
    ("Grå", None),
    ("Ej aktuellt", None),
)

#: Swedish label of each level per goal type, and the label shared by all (for legends).
LEVEL_LABELS: dict[str, dict[int | None, str]] = {
    "grunduppdrag": {4: "Uppnås", 3: "Uppnås till stor del", 2: "Uppnås delvis",
                     1: "Uppnås inte", None: "Ej bedömd"},
    "kvalitetsfaktor": {4: "Kvalitén uppnås", 3: "På väg att uppnås",
                        2: "På väg att inte uppnås", 1: "Uppnås inte", None: "Ej bedömd"},
    "utvecklingsmal": {4: "Målet är uppfyllt", 3: "På väg att uppfyllas",
                       2: "På väg att inte uppfyllas", 1: "Är inte uppfyllt", None: "Ej bedömd"},
    "alla": {4: "Uppfyllt", 3: "På väg att uppfyllas", 2: "På väg att inte uppfyllas",
             1: "Inte uppfyllt", None: "Ej bedömd"},
}

#: Headings for the goal types, as reports and charts write them.
#: A goal type in running text, singular: "målet finns som kvalitetsfaktor".
MALTYP_SINGULAR: dict[str, str] = {"grunduppdrag": "grunduppdrag",
                                   "kvalitetsfaktor": "kvalitetsfaktor",
                                   "utvecklingsmal": "utvecklingsmål"}
MALTYP_LABELS: dict[str, str] = {"grunduppdrag": "Grunduppdrag",
                                 "kvalitetsfaktor": "Kvalitetsfaktorer",
                                 "utvecklingsmal": "Utvecklingsmål"}

#: Other municipalities' goal types (``maltyp`` keeps the file's own, in ASCII snake case):
#: code -> (heading, singular). A type not listed is written from its code.
OTHER_MALTYPER: dict[str, tuple[str, str]] = {
    "inriktningsmal": ("Inriktningsmål", "inriktningsmål"),
    "delmal": ("Delmål", "delmål"),
    "namndmal": ("Nämndsmål", "nämndsmål"),
    "overgripande_mal": ("Övergripande mål", "övergripande mål"),
    "finansiellt_mal": ("Finansiella mål", "finansiellt mål"),
    "resultatmal": ("Resultatmål", "resultatmål"),
    "effektmal": ("Effektmål", "effektmål"),
    "verksamhetsmal": ("Verksamhetsmål", "verksamhetsmål"),
    "strategiskt_mal": ("Strategiska mål", "strategiskt mål"),
    "underliggande_mal": ("Underliggande mål", "underliggande mål"),
    "huvudomrade": ("Huvudområden", "huvudområde"),
    "kommunfullmaktiges_mal": ("Kommunfullmäktiges mål", "kommunfullmäktiges mål"),
}


def _from_code(code: str) -> str:
    """A goal type's words from its code where no table has them: "strategiskt_mal" ->
    "strategiskt mål"."""
    words = [w[:-3] + "mål" if w.endswith("mal") else
             w[:-6] + "område" if w.endswith("omrade") else w for w in code.split("_")]
    return " ".join(words)


def maltyp_label(code: str) -> str:
    """A goal type as a heading: "Utvecklingsmål", "Inriktningsmål", "Strategiskt mål"."""
    if code in MALTYP_LABELS:
        return MALTYP_LABELS[code]
    if code in OTHER_MALTYPER:
        return OTHER_MALTYPER[code][0]
    text = _from_code(str(code))
    return text[:1].upper() + text[1:]


def maltyp_singular(code: str) -> str:
    """A goal type in running text, singular: "utvecklingsmål", "inriktningsmål"."""
    if code in MALTYP_SINGULAR:
        return MALTYP_SINGULAR[code]
    if code in OTHER_MALTYPER:
        return OTHER_MALTYPER[code][1]
    return _from_code(str(code))


def level_labels(maltyp: str | None) -> dict[int | None, str]:
    """The level names of a goal type's own scale, or the neutral ones where it has none."""
    return LEVEL_LABELS.get(maltyp or "alla", LEVEL_LABELS["alla"])

# -- the words in the files -------------------------------------------------------------------

#: Field of the tidy frames -> the headings that mean it. A heading that names a goal type
#: ("Utvecklingsmål", "Kvalitetsfaktor", "Grunduppdrag") also says the rows' ``maltyp``.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "namnd": ("Nämnd", "Styrelse", "Organisation", "Nämnd/styrelse", "Styrelse/nämnd",
              "Ansvarig nämnd", "Nämnd/bolag", "Ansvarig organisation"),
    "ar": ("År", "Year", "Årtal", "Verksamhetsår", "Uppföljningsår"),
    "period": ("Period", "Uppföljning", "Rapport", "Uppföljningstillfälle", "Tillfälle"),
    "maltyp": ("Måltyp", "Typ", "Typ av mål", "Nivå i styrmodellen"),
    "omrade": ("Område", "Perspektiv", "Målområde", "Fokusområde", "Strategiskt område",
               "Inriktning", "Huvudområde"),
    "mal_id": ("Mål-ID", "Målid", "Mål id", "Mål nr", "Målnummer", "Mål-nr", "Målnr"),
    "mal": ("Mål", "Målformulering", "Mål (text)", "Måltext", "Mål och uppdrag", "Goal",
            "Utvecklingsmål", "Kvalitetsfaktor", "Kvalitetsfaktorer", "Grunduppdrag",
            "Grunduppdragen", "Inriktningsmål", "Delmål", "Nämndsmål", "Nämndmål",
            "Övergripande mål", "Finansiellt mål", "Finansiella mål", "Resultatmål",
            "Effektmål", "Verksamhetsmål", "Strategiska mål", "Strategiskt mål",
            "Underliggande mål"),
    "bedomning": ("Bedömning", "Måluppfyllelse", "Måluppfyllnad", "Uppfyllelse", "Status",
                  "Grad av kvalitet", "Uppfyllelse av grunduppdrag", "Bedömning av måluppfyllelse",
                  "Samlad bedömning", "Måluppfyllelse bedömning", "Prognos", "Målbedömning"),
    "kommentar": ("Kommentar", "Kommentarer", "Analys", "Motivering", "Kommentar/analys",
                  "Analys/kommentar", "Beskrivning"),
    "indikator_id": ("Indikator-ID", "Indikatorid", "Indikator id", "Id", "KPI-id", "KPI id",
                     "Kolada-id", "Kolada id", "Nyckeltals-id", "Nyckeltal id", "Kod", "Mått-id"),
    "indikator": ("Indikator", "Indikatorer", "Nyckeltal", "Mått", "Mätetal", "KPI",
                  "Indikatornamn", "Indikator namn", "Styrtal"),
    "enhet": ("Enhet", "Måttenhet", "Enhet/mått"),
    "riktning": ("Riktning", "Önskad riktning", "Önskvärd riktning", "Bättre", "Önskat läge",
                 "Önskad utveckling"),
    "varde": ("Värde", "Utfall", "Resultat", "Utfallsvärde", "Värde utfall", "Utfall värde",
              "Value", "Senaste värdet", "Senaste värde", "Senaste utfall"),
    "ingangsvarde": ("Ingångsvärde", "Utgångsvärde", "Basvärde", "Startvärde", "Nuläge",
                     "Ingångsvärde (basår)"),
    # The year of the ingångsvärde, not a value: the series' value that year is the baseline.
    "basar": ("Basår", "Basåret", "Jämförelseår", "Ingångsår", "År för ingångsvärde",
              "Ingångsvärde år", "Ingångsvärdets år", "Utgångsår"),
    "malvarde": ("Målvärde", "Mål värde", "Målnivå", "Mål nivå", "Target", "Målsättning"),
    "malar": ("Målår", "Mål år", "År för målvärde", "Målvärde år", "Målvärdesår", "Mål till år"),
    "kon": ("Kön", "Kon", "Gender"),
}

#: Each field of the tidy frames in words, for messages and ``styranalys inspect``.
FIELD_LABELS: dict[str, str] = {
    "namnd": "nämnden", "ar": "året", "period": "perioden", "maltyp": "måltypen",
    "omrade": "området", "mal_id": "målets id", "mal": "målets text",
    "bedomning": "bedömningen", "kommentar": "kommentaren", "indikator_id": "indikatorns id",
    "indikator": "indikatorns namn", "enhet": "enheten", "riktning": "riktningen",
    "varde": "värdet", "ingangsvarde": "ingångsvärdet", "malvarde": "målvärdet",
    "malar": "målåret", "kon": "könet", "basar": "basåret",
}

#: Kolada's web-tool export names its columns its own way, and two of them differ from a
#: municipality's own files: there "Period" is the year and "KPI" the KPI's id. This table is
#: laid over :data:`HEADER_SYNONYMS` for Kolada files only.
KOLADA_HEADERS: dict[str, tuple[str, ...]] = {
    "indikator_id": ("Nyckeltals-id", "Nyckeltal-id", "Nyckeltals id", "KPI", "KPI-id",
                     "Kpi id", "Id"),
    "indikator": ("Nyckeltal", "Titel", "Nyckeltalets namn", "kpi_title"),
    "kommun": ("Kommun", "Kommun/region", "Kommunnamn", "Organisation", "Område", "Region",
               "Mätområde", "Län", "municipality", "municipality_title"),
    "kommun_id": ("Kommun-id", "Kommunkod", "Kommun id", "Kommunid", "Kod", "municipality_id"),
    "ar": ("År", "Period", "Year", "Datum"),
    "kon": ("Kön", "Gender"),
    "varde": ("Värde", "Utfall", "Value"),
    "status": ("Status",),
}

#: Goal-type words, in a heading, a cell, a sheet name or a title row: Lindesberg's three,
#: and the types other municipalities name (kept as the file's own, in ASCII snake case).
MALTYP_WORDS = {
    "utvecklingsmal": "utvecklingsmal", "utvecklingsmalen": "utvecklingsmal",
    "kvalitetsfaktor": "kvalitetsfaktor", "kvalitetsfaktorer": "kvalitetsfaktor",
    "kvalitetsfaktorerna": "kvalitetsfaktor",
    "grunduppdrag": "grunduppdrag", "grunduppdragen": "grunduppdrag",
    "grunduppdraget": "grunduppdrag",
    "inriktningsmal": "inriktningsmal", "inriktningsmalen": "inriktningsmal",
    "delmal": "delmal", "delmalen": "delmal",
    "namndsmal": "namndmal", "namndmal": "namndmal", "namndsmalen": "namndmal",
    "namndmalen": "namndmal",
    "overgripande mal": "overgripande_mal", "overgripande malen": "overgripande_mal",
    "finansiellt mal": "finansiellt_mal", "finansiella mal": "finansiellt_mal",
    "finansiella malen": "finansiellt_mal",
    "resultatmal": "resultatmal", "resultatmalen": "resultatmal",
    "effektmal": "effektmal", "effektmalen": "effektmal",
    "verksamhetsmal": "verksamhetsmal", "verksamhetsmalen": "verksamhetsmal",
    "strategiska mal": "strategiskt_mal", "strategiskt mal": "strategiskt_mal",
    "underliggande mal": "underliggande_mal", "underliggande malen": "underliggande_mal",
}
#: Period words (a cell, a sheet name, a title row).
PERIOD_WORDS = {
    "bokslut": "bokslut", "arsredovisning": "bokslut", "helar": "bokslut", "ar": "bokslut",
    "arsbokslut": "bokslut", "verksamhetsberattelse": "bokslut",
    "delar": "delår", "delarsrapport": "delår", "delarsbokslut": "delår",
    "delarsuppfoljning": "delår", "delarsrapporten": "delår", "tertial 2": "delår",
    "t2": "delår", "augusti": "delår", "delarsbokslut augusti": "delår",
}
#: Which way is better, in words and in symbols.
RIKTNING_WORDS = {
    "hogre": "hogre", "hog": "hogre", "okning": "hogre", "oka": "hogre", "okande": "hogre",
    "hogre ar battre": "hogre", "stigande": "hogre", "upp": "hogre", "positiv": "hogre",
    "lagre": "lagre", "lag": "lagre", "minskning": "lagre", "minska": "lagre",
    "minskande": "lagre", "lagre ar battre": "lagre", "sjunkande": "lagre", "ned": "lagre",
    "ner": "lagre", "negativ": "lagre",
}
RIKTNING_SYMBOLS = {"↑": "hogre", "↓": "lagre", "+": "hogre", "−": "lagre"}
#: Kön: total, women, men (Kolada's Kvinnor, Män and Totalt included).
KON_WORDS = {"t": "T", "totalt": "T", "total": "T", "alla": "T", "samtliga": "T",
              "k": "K", "kvinnor": "K", "kvinna": "K", "flickor": "K",
              "m": "M", "man": "M", "pojkar": "M"}


# -- conforming a frame ------------------------------------------------------------------------

def conform(frame: pd.DataFrame | None, dtypes: dict[str, str],
            keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """``frame`` with exactly the contract's columns, in order and with its dtypes.

    Columns named in ``keep`` (extras such as Kolada's ``kommun``) follow the contract's.
    Missing contract columns are added as NA; an empty or absent frame gives an empty one.
    """
    columns = [*dtypes, *keep]
    if frame is None:
        frame = pd.DataFrame(columns=columns)
    out = frame.reindex(columns=columns)  # a new frame; copy-on-write protects the input
    for name, dtype in dtypes.items():
        out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)
