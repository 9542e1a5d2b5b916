"""Speaker names: name/role splitting, lookup keys, person matching, per-article short forms."""

from __future__ import annotations

import pytest

from bot.nlp.speakers import NameRegistry, alias_keys, same_person, speaker_key, split_name_role


@pytest.mark.parametrize(
    ("mention", "name", "role"),
    [
        ("Malian Foreign Minister Abdoulaye Diop", "Abdoulaye Diop", "Malian Foreign Minister"),
        ("Tatiana Dovgalenko, head of the Russian Foreign Ministry’s Africa Partnership Department",
         "Tatiana Dovgalenko", "head of the Russian Foreign Ministry’s Africa Partnership Department"),
        ("Mr. Obama", "Obama", None),
        ("Ms Ana Ruiz", "Ana Ruiz", None),
        ("Mrs. Clinton", "Clinton", None),
        ("Dr. Anna Berg", "Anna Berg", None),
        ("Sen. Elizabeth Warren", "Elizabeth Warren", "Sen."),
        ("Rep. Gwen Moore (D-Wis.)", "Gwen Moore", "Rep."),
        ("President Barack Obama", "Barack Obama", "President"),
        ("M. Jean de La Fontaine", "Jean de La Fontaine", None),
        ("Mme Ségolène Royal", "Ségolène Royal", None),
        ("longtime Democratic pollster Pat Caddell", "Pat Caddell", "longtime Democratic pollster"),
        ("Secretary of State John F. Kerry", "John F. Kerry", "Secretary of State"),
        ("Mr. Morgan of the Sierra Club", "Morgan", "of the Sierra Club"),
        ("Charlie King, a prominent New York Democrat", "Charlie King", "a prominent New York Democrat"),
        ("WALLACE", "Wallace", None),
        ("the ministry", "", "ministry"),
    ],
)
def test_split_name_role(mention: str, name: str, role: str | None) -> None:
    assert split_name_role(mention) == (name, role)


@pytest.mark.parametrize(
    ("name", "key"),
    [("Abdoulaye Diop", "abdoulaye diop"), ("Ségolène ROYAL", "segolene royal"), ("Mr. Obama", "obama"),
     ("Martin Luther King Jr.", "martin luther king"), ("  Diop ", "diop")],
)
def test_speaker_key(name: str, key: str) -> None:
    assert speaker_key(name) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Clinton", "Hillary Clinton", True),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Diop", "Abdoulaye Diop", True),
        ("A. Diop", "Abdoulaye Diop", True),
        ("Mr. Obama", "Barack Obama", True),
        ("Ségolène Royal", "segolene royal", True),
        ("Abdoulaye Diop", "Abdoulaye Traoré", False),
        ("", "Diop", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_alias_keys() -> None:
    assert alias_keys("John F. Kerry") == {"john f kerry", "kerry", "john kerry"}
    assert alias_keys("Russian Foreign Ministry") == {"russian foreign ministry"}


def test_registry_expands_unambiguous_short_forms_only() -> None:
    registry = NameRegistry()
    registry.add("Abdoulaye Diop", "Malian Foreign Minister", 0)
    registry.add("Bill Clinton", None, 10)
    registry.add("Hillary Clinton", None, 20)
    assert registry.resolve("Diop") == "Abdoulaye Diop"
    assert registry.resolve("Clinton") == "Clinton"
    person = registry.add("Diop", None, 30)
    assert person.name == "Abdoulaye Diop" and person.role == "Malian Foreign Minister"


def test_registry_expands_a_lone_first_name_of_one_person() -> None:
    registry = NameRegistry()
    registry.add("Marie-Pierre Dausse", "professeur d'histoire", 0)
    registry.add("Tom Ebeling", None, 10)
    registry.add("Nancy Ebeling", None, 20)
    assert registry.resolve("Marie-Pierre") == "Marie-Pierre Dausse"
    assert registry.resolve("Tom") == "Tom Ebeling"
    assert registry.add("Nancy", None, 30).name == "Nancy Ebeling"
    # two people share it: no guess
    registry.add("Tom Brady", None, 40)
    assert registry.resolve("Tom") == "Tom"
    # a word that is no first name, and an organisation, are never expanded this way
    registry.add("Apple Inc.", None, 50)
    assert registry.resolve("Apple") == "Apple"


def test_registry_prefers_a_surname_to_a_first_name() -> None:
    registry = NameRegistry()
    registry.add("Ryan Lewis", None, 0)
    registry.add("Paul Ryan", None, 10)
    assert registry.resolve("Ryan") == "Paul Ryan"
