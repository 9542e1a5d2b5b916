"""Quotes are found in English and French only: other languages get none rather than wrong speakers."""

from __future__ import annotations

from bot.nlp.analyze import ArticleInput, analyze
from bot.nlp.text import detect_language, written_in_another_language

GERMAN = (
    "Die Zeitung schürt vor allem Angst vor Zuwanderung. Sie enthielt Artikel wie: „Kippt auch bald Ihr "
    "Viertel?“. Am Ende steht die Empfehlung: „Wollen wir so leben? Besser AfD wählen.“\n\n"
    "Sowohl Keith als auch Keuter behaupten energisch, nichts von der Gratiszeitung vor dem Versand gewusst "
    "zu haben. „Falsch ist, dass unser Mandant die Empfehlung nicht kannte“, schreibt ein Anwalt der Kanzlei "
    "im Auftrag von Andreas Keith. Zum Schluss sagt er: „Das ist irre.“ Die Partei hat uns dazu mitgeteilt, "
    "dass es sich um eine Parallelaktion handle, die nicht mit ihr abgestimmt war und die sie nicht kenne."
)
CHINESE = "港特首梁振英就住宅违建事件道歉。他说：“我在这里向公众道歉。”他又表示，他会全力配合有关部门的调查。"
# Spanish writes "de", "la" and "que" as often as French does: they must not make it French.
SPANISH = (
    "La Fiscalía Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta. El juez considera que "
    "las meras conjeturas o sospechas no constituyen elementos válidos de la acusación, y los abogados de la "
    "defensa han pedido que se archive la causa. «No lo sé», dijo el fiscal a los periodistas que esperaban "
    "a la salida del juzgado, donde se reunieron con el abogado del Estado para preparar el recurso."
)
FRENCH = (
    "« Les finances publiques sont de plus en plus sous pression », estime la Banque mondiale dans son rapport. "
    "Selon l'institution, la croissance de la Grande Île reste trop faible pour que la pauvreté recule."
)
ENGLISH = (
    '"We are here to explore how to define partnership relations," Malian Foreign Minister Abdoulaye Diop said '
    "on Tuesday in Moscow, where he met his Russian counterpart with the ministers of Burkina Faso and Niger."
)


def test_other_languages_are_told_apart_from_english_and_french() -> None:
    assert written_in_another_language(GERMAN) and written_in_another_language(CHINESE)
    assert not written_in_another_language(ENGLISH)
    assert written_in_another_language(SPANISH) and detect_language(SPANISH) == "und"
    assert detect_language(FRENCH) == "fr" and not written_in_another_language(FRENCH)
    # English earnings tables have few function words, "per" among them: that is not another language.
    assert not written_in_another_language("Shr 17.15p vs 12.37p Dividend 160 per share vs 150 per share")


def test_no_quotes_are_taken_from_pages_in_other_languages() -> None:
    assert analyze(ArticleInput("„Wir haben bereits die Zusage“", GERMAN)).quotes == ()
    assert analyze(ArticleInput("港特首梁振英就住宅违建事件道歉", CHINESE)).quotes == ()
    assert analyze(ArticleInput("Anticorrupción decidirá en Madrid", SPANISH)).quotes == ()
    [quote] = analyze(ArticleInput("AES ministers in Moscow", ENGLISH)).quotes
    assert quote.speaker == "Abdoulaye Diop"
