"""Common French first names the general lists lack, accented and folded (cues.py adds them to its lists)."""

from __future__ import annotations

# Names with one clear gender in France ("Claude", "Dominique", "Camille", "Sacha" are left out: either).
FR_MALE_FIRST_NAMES = frozenset("""
édouard edouard étienne etienne jérôme jerome rémi remi rémy remy émile emile gaël gael cédric cedric benoît benoit
hervé herve gilles denis xavier arnaud romain maxime fabrice fabien franck didier pascal raphaël raphael mathis
clément clement adrien alexandre baptiste damien florian jérémy kévin loïc loic ludovic marius régis regis serge
sylvain yannick yann grégory gaspard gérald bertrand henri hubert jules léon lionel noël noel tristan valentin
mathias thibault thibaut aurélien aurelien bastien cyril cyrille gautier joël joel lucien raoul rodolphe stanislas
timothée timothee ulysse yvon""".split())
FR_FEMALE_FIRST_NAMES = frozenset("""
émilie emilie élodie elodie amélie amelie anaïs anais aurore béatrice beatrice bénédicte benedicte carole céline
celine clémence clemence corinne delphine éléonore eleonore emmanuelle fabienne frédérique frederique geneviève
genevieve ghislaine josiane karine laetitia laure lucie margaux martine mathilde maud muriel mylène mylene nadège
nadege najat noémie noemie océane oceane odile pascale perrine roselyne sabine séverine severine simone solène
solene stéphanie virginie yasmine zoé agathe albane apolline axelle bérénice berenice capucine chantal colette
coralie danièle daniele édith edith elsa eugénie eugenie gisèle gisele hortense jeannine joséphine justine léonie
leonie lise mireille aurelie elisabeth
nadine noëlle noelle paulette raymonde sylviane valentine véronique veronique violaine""".split())
