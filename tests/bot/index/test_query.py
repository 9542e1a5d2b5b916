import sqlite3

import pytest

from bot.errors import InvalidQueryError
from bot.index.query import parse_query

DOCS = [
    ("Macron à Paris", "Le président Emmanuel Macron a parlé de l'élection. La covid-19 recule."),
    ("Budget vote", "Parliament voted on the budget after a long debate on taxes."),
    ("Election night", "The election results came in late; turnout was high in Paris."),
]


@pytest.fixture(scope="module")
def fts():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE f USING fts5(title, text, tokenize='unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO f (rowid, title, text) VALUES (?, ?, ?)", [(i + 1, *d) for i, d in enumerate(DOCS)])
    return con


def hits(con, query):
    return sorted(r[0] for r in con.execute("SELECT rowid FROM f WHERE f MATCH ?", (parse_query(query).match,)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("macron", [1]),
        ("Élection", [1, 3]),
        ("ELECTION paris", [1, 3]),
        ('"président emmanuel"', [1]),
        ('"emmanuel président"', []),
        ("elect*", [1, 3]),
        ("budg*", [2]),
        ("election -macron", [3]),
        ('election -"le president"', [3]),
        ("election NOT macron", [3]),
        ("macron OR budget", [1, 2]),
        ("election AND turnout", [3]),
        ("parliament NEAR budget", [2]),
        ("parliament NEAR/1 budget", []),
        ("NEAR(voted budget, 3)", [2]),
        ("title:paris", [1]),
        ("text:paris", [3]),
        ('title:"budget vote"', [2]),
        ("covid-19", [1]),
        ("(macron)", [1]),
        ("l'élection", [1]),
        ("AT&T", []),
        ("“macron”", [1]),
    ],
)
def test_query_matches(fts, query, expected):
    assert hits(fts, query) == expected


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ('"unbalanced', "not closed"),
        ('a "b" "c', "not closed"),
        ("-macron", "only exclusions"),
        ("NOT macron", "only exclusions"),
        ("a*", "at least"),
        ("*", "must follow"),
        ("macron OR", "OR needs"),
        ("OR macron", "OR needs"),
        ("macron NEAR", "NEAR needs"),
        ("macron NEAR OR budget", "NEAR needs"),  # was an IndexError, not a message
        ("NEAR(macron", "not closed"),
        ("NEAR(macron)", "at least two"),
        ("NEAR(a b, 500)", "at most"),
        ("macron NOT", "ends with an operator"),
        ("foo:bar", "unknown field"),
        ("title:", "needs a word"),
        ('""', "phrase is empty"),
        ("...", "no words"),
        ("x" * 400, "longer than"),
        (" ".join(f"w{i}" for i in range(20)), "more than"),
    ],
)
def test_malformed_queries_raise_with_reason(query, reason):
    with pytest.raises(InvalidQueryError) as info:
        parse_query(query)
    assert reason in info.value.reason


@pytest.mark.parametrize(
    "query",
    ['"', "title:", "((", "))", "^", "{title}: x", "a:b:c", 'NEAR("a" "b"', "-", "- -", "*a", "AND", "a OR OR b",
     '"a"*b', "col:*", "\\", "'", "NEAR/x a"],
)
def test_hostile_queries_never_reach_fts_as_syntax(fts, query):
    try:
        parsed = parse_query(query)
    except InvalidQueryError:
        return
    fts.execute("SELECT rowid FROM f WHERE f MATCH ?", (parsed.match,)).fetchall()  # no sqlite3 error


@pytest.mark.parametrize(
    ("query", "implied"),
    [
        ("title:about", "'about'"),
        ('title:"projet réforme"', "('projet' & 'reforme')"),  # a phrase implies its words
        ("title:gouv* budget", "'gouv':*"),  # only the title: part says anything about the title
        ("text:budget title:vote", "'vote'"),
        ("title:a OR title:b", "('a') | ('b')"),
        ("title:a title:b OR title:c", "('a' & 'b') | ('c')"),
        ("title:vote -title:budget", "'vote'"),  # an exclusion implies nothing
        ("title:vote OR budget", ""),  # one alternative asks nothing of the title
        ("budget", ""),
        ("-title:budget vote", ""),
    ],
)
def test_title_tsquery_is_what_a_hit_implies_on_the_title_index(query, implied):
    assert parse_query(query).title_tsquery == implied


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("coeur", '("coeur" OR "cœur")'),  # typed as most keyboards allow, found as typeset
        ("Œuvre", '("œuvre" OR "oeuvre")'),
        ('"le coeur"', '("le coeur" OR "le cœur")'),
        ("coe*", '("coe"* OR "cœ"*)'),
        ("title:voeux", 'title : ("voeux" OR "vœux")'),
        ("press", '"press"'),  # nothing to spell otherwise
        ("coeur NEAR battant", 'NEAR("coeur" "battant", 10)'),  # a NEAR group takes phrases only: as typed
        ("Straße", '("straße" OR "strasse")'),  # the index keeps ß; Swiss German writes "ss"
        ("STRAẞE", '("straße" OR "strasse")'),
        ("Größe", '("große" OR "grosse")'),
        ('"die straße"', '("die straße" OR "die strasse")'),
        ("strasse", '"strasse"'),  # which "ss" was a ß cannot be told
    ],
)
def test_ligatures_are_asked_in_both_spellings(query, match):
    assert parse_query(query).match == match


def test_terms_for_highlighting():
    assert parse_query('Élection "le président" -macron').terms == ("election", "le", "president")
