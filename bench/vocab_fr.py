"""French word lists for the synthetic archive (written here; no external data sets)."""

from __future__ import annotations

FIRST_M = """Jean Pierre Michel André Philippe Alain Jacques Bernard Patrick Daniel Christophe Nicolas Laurent
Frédéric Éric Stéphane Olivier Julien Thomas Sébastien Antoine Vincent Mathieu Guillaume Maxime Hugo
Louis Lucas Gabriel Arthur Raphaël Paul Bruno Didier Thierry Gérard François Yves Xavier Benoît Rémi
Mamadou Karim Youssef Cheikh Aurélien Baptiste Cédric Damien Emmanuel Fabrice Gilles Hervé Jérôme""".split()
FIRST_F = """Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sandrine Sophie Céline
Véronique Aurélie Julie Camille Léa Chloé Manon Emma Inès Sarah Laura Pauline Claire Anne Hélène Agnès
Brigitte Delphine Élise Fanny Géraldine Juliette Karine Laetitia Mathilde Noémie Océane Rachida Aminata
Fatou Nadia Samia Yasmina Zoé Margaux Clémence Élodie Amandine Ségolène Solène Bérénice""".split()
SURNAMES = """Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre
Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller
Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin
Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont Marie Lemaire
Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez
Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Diop Ndiaye
Traoré Benali Haddad Kaboré Tremblay Gagnon Côté Bouchard Pelletier""".split()

ROLES = [
    "ministre de l'Économie", "porte-parole du gouvernement", "maire de la ville", "secrétaire général du syndicat",
    "président de la région", "directrice de l'hôpital", "économiste", "députée de l'opposition",
    "préfet", "ministre de la Santé", "présidente de l'association", "directeur général du groupe",
    "sénateur", "ministre des Transports", "chercheuse au CNRS", "procureur", "entraîneur",
    "capitaine de l'équipe", "directrice du festival", "ministre de l'Éducation", "climatologue",
    "président de la chambre d'agriculture", "ministre du Logement", "analyste", "Premier ministre",
]
ROLE_WORDS = ["le ministre", "la ministre", "le maire", "la maire", "le député", "la sénatrice", "le préfet"]

PLACES = """Paris Lyon Marseille Toulouse Nice Nantes Strasbourg Montpellier Bordeaux Lille Rennes Reims
Grenoble Dijon Angers Nîmes Brest Tours Limoges Amiens Perpignan Metz Besançon Orléans Rouen Caen Nancy
Bruxelles Liège Namur Genève Lausanne Montréal Québec Dakar Abidjan Bamako Tunis Alger Rabat Casablanca
Ajaccio Bayonne Pau Poitiers Clermont-Ferrand""".split()
REGIONS = ["le nord du pays", "la région parisienne", "les zones rurales", "le littoral", "les quartiers nord",
           "l'Occitanie", "la Bretagne", "le Grand Est", "les territoires d'outre-mer"]

# Vowel-initial heads so that "l'{O}" reads naturally.
ORG_HEADS = ["Agence nationale", "Union fédérale", "Autorité de régulation", "Association nationale",
             "Institut national", "Office public", "Observatoire national", "Établissement public"]
ORG_TAILS = ["de l'énergie", "des transports", "de la santé", "du logement", "des agriculteurs", "du numérique",
             "de la culture", "des sports", "de l'eau", "du commerce", "de la sécurité", "de l'industrie"]

WEEKDAYS = "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()

TOPICS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "economy": (["l'inflation", "les taux d'intérêt", "le déficit public", "les salaires", "le pouvoir d'achat",
                 "la dette", "la croissance", "les recettes fiscales", "les petites entreprises"],
                ["budget", "plan de relance", "projet de réforme fiscale", "projet de loi de finances"],
                ["fragile", "inquiétante", "solide", "inégale", "surprenante"],
                ["grimpe", "recule", "stagne", "rebondit", "ralentit"]),
    "energy": (["les prix de l'électricité", "l'approvisionnement en gaz", "les éoliennes", "le réseau électrique",
                "les factures", "les centrales nucléaires", "le photovoltaïque", "le carburant"],
               ["bouclier tarifaire", "plan énergie", "appel d'offres éolien", "contrat gazier"],
               ["historique", "coûteuse", "ambitieuse", "retardée", "volatile"],
               ["flambent", "baissent", "progressent", "échouent", "se stabilisent"]),
    "health": (["les urgences", "les lits d'hôpital", "les infirmiers", "la vaccination", "la psychiatrie",
                "le prix des médicaments", "les déserts médicaux", "les délais d'attente"],
               ["projet de réforme de l'hôpital", "mouvement des soignants", "plan de vaccination", "plan santé"],
               ["saturés", "critique", "chronique", "inédite", "préoccupante"],
               ["s'allongent", "s'améliorent", "se dégradent", "reculent", "augmentent"]),
    "transport": (["les tarifs du train", "les lignes de bus", "l'aéroport", "les routes", "les retards",
                   "les pistes cyclables", "les voitures électriques", "le fret", "les billets"],
                  ["préavis de grève SNCF", "projet d'extension de l'aéroport", "chantier de ligne à grande vitesse",
                   "péage urbain"],
                  ["perturbante", "attendue", "contestée", "coûteuse", "populaire"],
                  ["s'arrêtent", "reprennent", "s'étendent", "bloquent", "augmentent"]),
    "climate": (["les émissions de carbone", "les digues", "les canicules", "la sécheresse", "les incendies",
                 "la pollution des rivières", "la biodiversité", "la qualité de l'air"],
                ["sommet climat", "objectif d'émissions", "plan contre les crues", "projet de loi sur l'air",
                 "fonds vert"],
                ["extrême", "contraignant", "historique", "insuffisant", "urgent"],
                ["s'aggravent", "reculent", "menacent", "s'étendent", "progressent"]),
    "politics": (["la majorité", "l'opposition", "les électeurs", "l'Assemblée nationale", "le gouvernement",
                  "les municipales", "la direction du parti", "le financement des campagnes"],
                 ["vote de confiance", "remaniement", "scrutin municipal", "congrès du parti"],
                 ["âpre", "serrée", "décisive", "tendue", "inattendue"],
                 ["l'emporte", "perd", "se divise", "se mobilise", "démissionne"]),
    "justice": (["le procès", "le verdict", "l'enquête", "la surpopulation carcérale", "l'appel",
                 "les poursuites pour fraude", "la commission d'enquête", "les jurés"],
                ["jugement en appel", "dossier de corruption", "projet de réforme de la police", "procès pour fraude"],
                ["historique", "accablant", "long", "secret", "unanime"],
                ["s'ouvre", "s'effondre", "reprend", "s'achève", "s'élargit"]),
    "technology": (["l'intelligence artificielle", "les données personnelles", "les semi-conducteurs",
                    "la fibre", "les cyberattaques", "les réseaux sociaux", "les start-up"],
                   ["piratage de données", "projet d'usine de puces", "projet de loi sur l'IA", "plan fibre", "rachat"],
                   ["massive", "pionnière", "risquée", "attendue", "discrète"],
                   ["lance", "fuit", "s'étend", "s'effondre", "progresse"]),
    "housing": (["les loyers", "les prix de l'immobilier", "les taux des crédits", "le logement social",
                 "le sans-abrisme", "les permis de construire", "les logements vacants"],
                ["plan logement", "encadrement des loyers", "programme de construction",
                 "moratoire sur les expulsions"],
                ["abordable", "record", "bloqué", "ambitieux", "modeste"],
                ["flambent", "ralentissent", "stagnent", "rebondissent", "baissent"]),
    "sport": (["le championnat", "la finale", "le mercato", "la billetterie", "le stade", "l'équipe de France",
               "la Coupe du monde", "la course au titre"],
              ["match de coupe", "transfert record", "projet de stade", "dossier de dopage"],
              ["palpitante", "dramatique", "record", "rude", "éclatante"],
              ["gagne", "fait match nul", "est éliminé", "signe", "triomphe"]),
    "culture": (["le festival", "la fréquentation des musées", "le cinéma", "l'orchestre", "les ventes de livres",
                 "la saison théâtrale", "les subventions", "l'exposition", "les salles de concert"],
                ["festival de cinéma", "grand concert", "chantier du musée", "prix littéraire"],
                ["saluée", "complète", "controversée", "intime", "fastueuse"],
                ["ouvre", "ferme", "revient", "affiche complet", "remporte"]),
}

# Sentence openers; LOWERABLE first words may follow one (lower-cased).
CONNECTORS = ["Par ailleurs, ", "{D}, ", "À {L}, ", "Cependant, ", "Dans le même temps, ", "Plus tôt dans l'année, ",
              "Pour l'heure, "]
LOWERABLE = frozenset({"Le", "La", "Les", "L'annonce", "Une", "Un", "Environ", "Plusieurs", "Des", "Ses", "C'est",
                      "Contactée,", "Dans", "Selon"})
FACT_SENTENCES = [
    "Le {E} annoncé {D} à {L} est la mesure la plus {A} de ces dernières années.",
    "Selon les autorités de {L}, {X} atteint un niveau inédit depuis {Y}.",
    "L'{O} a publié des chiffres montrant une variation de {Q} % sur un an.",
    "Les analystes attendaient un changement plus modeste, mais les données publiées {D} ont surpris.",
    "Environ {N} personnes sont directement concernées par le {E}, d'après l'{O}.",
    "Le projet, baptisé {K} en interne, a été préparé pendant plusieurs mois.",
    "Les critiques estiment que le {E} ne règle pas le fond du problème.",
    "Ses partisans assurent que le {E} apportera de la stabilité dans {G} d'ici deux ans.",
    "Le débat sur {X} occupe la une des journaux à {L} depuis des semaines.",
    "Dans {G}, les habitants se plaignent depuis des mois de la situation.",
    "L'{O} doit publier un rapport complet sur le {E} en {M}.",
    "Une précédente tentative de réforme avait été abandonnée en {Y} face à une forte opposition.",
    "D'après l'{O}, {N} foyers pourraient voir une différence d'ici {M}.",
    "L'annonce intervient après une semaine de discussions entre le gouvernement et l'{O}.",
    "Les négociations sur le {E} doivent se poursuivre à {L} la semaine prochaine.",
    "Le coût du {E} est estimé à {N} millions d'euros.",
    "{K} est devenu à {L} le symbole d'un débat plus large sur {X}.",
    "Plusieurs membres de l'{O} seraient mécontents du calendrier.",
    "Le {E} avait été proposé pour la première fois par {P} en {M} {Y}.",
    "C'est la troisième fois cette année que {X} fait la une.",
    "Les marchés ont réagi avec calme dans les heures qui ont suivi l'annonce.",
    "Les commerçants de {L} affirment ne pas avoir été consultés.",
    "L'{O} qualifie la situation de {A} mais maîtrisable.",
    "Des experts indépendants préviennent que les chiffres pourraient être révisés.",
    "Un sondage réalisé auprès de {N} personnes montre que la majorité s'attend à une dégradation.",
    "{P}, {R}, suit de près les discussions sur {X}.",
    "Le texte prévoit un réexamen tous les {N2} mois.",
    "L'opposition réclame une évaluation indépendante du {E}.",
    "Les détails du {E} ont d'abord été révélés par plusieurs médias à {L}.",
    "Contactée, l'{O} n'a pas souhaité commenter.",
]
QUOTES = [
    "On ne peut pas faire comme si {X} allait s'arranger tout seul",
    "Ce {E} marque un tournant pour {G}",
    "Personne à {L} ne devrait attendre aussi longtemps",
    "Les chiffres parlent d'eux-mêmes",
    "Nous avons écouté les Français et nous agissons",
    "C'est trop peu, trop tard, et ce sont les familles qui paieront",
    "Je suis convaincu que ce {E} donnera des résultats d'ici un an",
    "Il n'y a pas de solution miracle, mais c'est un début sérieux",
    "Nous allons examiner le texte avec beaucoup d'attention",
    "La colère est légitime",
    "Notre priorité reste les habitants de {L}",
    "Nous alertons depuis des années et personne ne nous a écoutés",
    "Ce n'est pas la fin du débat, c'est le début",
    "Je n'ai jamais vu une chose pareille dans ma carrière",
]
INDIRECT = [
    "Selon {P}, {R}, l'{O} n'avait pas été prévenue.",
    "{P} a indiqué que le {E} serait réexaminé avant la fin {M}.",
    "{S} a estimé que le texte avait été adopté dans la précipitation.",
    "Pour {P}, {X} reste la priorité du gouvernement.",
]
DIRECT = [
    "« {q} », a déclaré {P}.",
    "« {q} », a affirmé {P}, {R}.",
    "{P}, {R}, a déclaré : « {q} ».",
    "« {q} », estime {S}.",
    "{RW} {S} a expliqué {D} : « {q} ».",
    "« {q} », a précisé {P} dans un communiqué.",
]
FOLLOW = [
    "« {q} », a-t-{H} ajouté.",
    "« {q} », a poursuivi {H}.",
    "{H2} a ajouté : « {q} ».",
]
TITLE_TEMPLATES = [
    "{L} : {X} {V} avec le {E}",
    "{P} défend le {E} face aux critiques",
    "L'{O} dévoile un {E} pour {L}",
    "Pourquoi le {E} inquiète {G}",
    "{K} : l'{O} sous le feu des questions",
    "{S} sous pression, {X} {V}",
    "{E} : ce que l'on sait de {K}",
    "Le {E} divise {G}",
]
UPDATE_LINES = [
    "Cet article a été mis à jour avec des informations complémentaires.",
    "Avec notre correspondant à {L}.",
    "Une version précédente de cet article comportait une erreur de date.",
]
