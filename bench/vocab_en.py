"""English word lists for the synthetic archive (written here; no external data sets)."""

from __future__ import annotations

FIRST_M = """James John Robert Michael David William Richard Joseph Thomas Charles Daniel Matthew Anthony Mark
Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward Jeffrey Ryan Jacob Gary
Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank
Raymond Jack Dennis Jerry Tyler Aaron Henry Adam Douglas Nathan Peter Zachary Kyle Walter Harold Carl
Arthur Gerald Roger Keith Lawrence Terry Sean Christian Austin Noah Ethan Owen Liam Callum Rajesh Tomasz
Kwame Hiroshi Mateo Ahmed Omar""".split()
FIRST_F = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra
Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura
Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen
Rachel Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren Kelly
Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha Gloria Teresa Sara Madison
Frances Kathryn Janice Jean Abigail Alice Priya Aisha Mei Ingrid Lucia Fatima Grace Chloe Sophie""".split()
SURNAMES = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin
Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams
Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris
Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson
Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan
Fisher Hayes Graham Wallace Hamilton Ellis Marshall Murray Ford Webb Palmer Holmes Barker Fletcher
Okafor Nakamura Patel Kowalski Lindqvist Haddad Castellano Osei Brennan Doyle Gallagher Whitaker""".split()

ROLES = [
    "the finance minister", "the health secretary", "the mayor", "a spokesperson for the ministry",
    "the chief executive", "the union leader", "the opposition leader", "a senior economist",
    "the police commissioner", "the transport secretary", "a professor of economics", "the governor",
    "the energy minister", "the head of the regulator", "a local councillor", "the prime minister",
    "the foreign secretary", "the party chair", "the coach", "the team captain", "the festival director",
    "a hospital director", "the education minister", "the housing minister", "a climate scientist",
    "the chief prosecutor", "a defence analyst", "the airline's chief executive", "a farmers' leader",
]
ROLE_WORDS = [
    "Minister", "Senator", "Mayor", "Governor", "Commissioner", "Secretary", "President", "Chancellor",
]

PLACES = """London Manchester Birmingham Leeds Glasgow Edinburgh Cardiff Belfast Bristol Liverpool Dublin
Toronto Ottawa Vancouver Sydney Melbourne Auckland Boston Chicago Denver Seattle Atlanta Houston Phoenix
Brussels Berlin Madrid Lisbon Rome Vienna Warsaw Prague Athens Stockholm Oslo Copenhagen Helsinki Nairobi
Lagos Accra Johannesburg Cairo Mumbai Delhi Singapore Tokyo Seoul Manila Jakarta Lima Santiago""".split()
REGIONS = ["the north", "the south-west", "the capital", "the coastal region", "the border area",
           "the industrial heartland", "rural districts", "the eastern provinces", "the city centre"]

ORG_HEADS = """National Federal Central Northern Royal United Atlantic Pacific Continental Metropolitan
Independent General Western Eastern""".split()
ORG_TAILS = """Bank Council Authority Agency Commission Institute Union Federation Association Board Trust
Alliance Group Holdings Railways Airways Energy Health Service Foundation League""".split()

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()

# topic -> (subjects, events, adjectives, verbs for headlines)
TOPICS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "economy": (["inflation", "interest rates", "the budget deficit", "wages", "consumer spending",
                 "public debt", "the pound", "growth forecasts", "tax receipts", "small businesses"],
                ["budget", "rate decision", "spending review", "tax reform", "stimulus package"],
                ["fragile", "sluggish", "robust", "uneven", "surprising"],
                ["rises", "falls", "stalls", "rebounds", "slows"]),
    "energy": (["electricity prices", "gas supplies", "wind farms", "the power grid", "fuel bills",
                "nuclear plants", "solar capacity", "oil output", "energy imports", "heating costs"],
               ["price cap", "grid upgrade", "offshore wind auction", "pipeline deal", "energy plan"],
               ["volatile", "record", "ambitious", "costly", "delayed"],
               ["surge", "drop", "expand", "fail", "stabilise"]),
    "health": (["waiting lists", "hospital beds", "nurses", "vaccination rates", "emergency care",
                "mental health services", "drug prices", "GP appointments", "ambulance response times"],
               ["health reform", "strike by nurses", "vaccine campaign", "hospital funding plan"],
               ["overstretched", "critical", "improving", "chronic", "unprecedented"],
               ["lengthen", "improve", "worsen", "ease", "climb"]),
    "transport": (["rail fares", "bus routes", "airport capacity", "road repairs", "train delays",
                   "cycling lanes", "electric cars", "freight traffic", "ticket prices"],
                  ["rail strike", "airport expansion", "fare increase", "high-speed line", "road toll"],
                  ["disruptive", "overdue", "controversial", "costly", "popular"],
                  ["halt", "resume", "expand", "stall", "rise"]),
    "climate": (["carbon emissions", "flood defences", "heatwaves", "sea levels", "drought",
                 "wildfires", "river pollution", "biodiversity", "air quality"],
                ["climate summit", "emissions target", "flood warning", "clean air law", "green fund"],
                ["extreme", "binding", "historic", "inadequate", "urgent"],
                ["worsen", "fall", "threaten", "spread", "rise"]),
    "politics": (["the coalition", "the opposition", "voters", "the parliament", "the cabinet",
                  "local elections", "the party leadership", "campaign funding", "the referendum"],
                 ["confidence vote", "cabinet reshuffle", "election campaign", "leadership contest"],
                 ["bitter", "narrow", "decisive", "tense", "unexpected"],
                 ["wins", "loses", "splits", "rallies", "resigns"]),
    "justice": (["the trial", "the verdict", "the investigation", "prison overcrowding", "the appeal",
                 "fraud charges", "the inquiry", "police powers", "the jury"],
                ["court ruling", "corruption inquiry", "sentencing", "police reform"],
                ["landmark", "damning", "lengthy", "secret", "unanimous"],
                ["opens", "collapses", "resumes", "concludes", "widens"]),
    "technology": (["artificial intelligence", "data privacy", "chip factories", "broadband coverage",
                    "cyber attacks", "online safety", "start-ups", "software exports", "social media"],
                   ["data breach", "chip plant", "AI law", "broadband rollout", "tech merger"],
                   ["massive", "pioneering", "risky", "long-awaited", "secretive"],
                   ["launches", "leaks", "expands", "collapses", "grows"]),
    "housing": (["rents", "house prices", "mortgage rates", "social housing", "homelessness",
                 "building permits", "empty homes", "tenants' rights", "construction costs"],
                ["housing plan", "rent freeze", "building programme", "eviction ban"],
                ["affordable", "soaring", "stalled", "ambitious", "modest"],
                ["soar", "cool", "stall", "rebound", "slip"]),
    "sport": (["the league", "the final", "the transfer window", "ticket sales", "the stadium",
               "the championship", "the squad", "the world cup", "the title race"],
              ["cup final", "transfer deal", "stadium plan", "doping case", "title decider"],
              ["thrilling", "dramatic", "record", "bruising", "stunning"],
              ["wins", "draws", "crashes out", "signs", "triumphs"]),
    "culture": (["the festival", "museum attendance", "film funding", "the orchestra", "book sales",
                 "the theatre season", "arts grants", "the exhibition", "music venues"],
                ["film festival", "art auction", "museum reopening", "book prize", "concert tour"],
                ["acclaimed", "sold-out", "controversial", "intimate", "lavish"],
                ["opens", "closes", "returns", "sells out", "wins"]),
}

# Slots: {P} person full name, {S} surname, {R} role, {O} org, {L} place, {G} region, {X} subject,
# {E} event, {A} adjective, {N} number, {Q} percent, {D} weekday, {M} month, {K} story keyword,
# {H} pronoun (he/she), {Y} year.
# Sentence openers; LOWERABLE first words may follow one (lower-cased).
CONNECTORS = ["Meanwhile, ", "On {D}, ", "In {L}, ", "However, ", "At the same time, ", "Earlier this year, ",
              "By contrast, ", "For now, "]
LOWERABLE = frozenset({"The", "A", "It", "Around", "Several", "Some", "Critics", "Supporters", "Analysts", "Officials",
                      "Markets", "Local", "Independent", "Opposition", "Figures", "Negotiations", "Under", "Details"})
FACT_SENTENCES = [
    "The {E} announced in {L} on {D} is the most {A} move of its kind in years.",
    "Officials in {L} said {X} had reached levels not seen since {Y}.",
    "The {O} published figures showing that {X} changed by {Q} per cent over the past year.",
    "Analysts had expected a smaller shift, but the data released on {D} surprised markets.",
    "Around {N} people are directly affected by the {E}, according to the {O}.",
    "The plan, known internally as {K}, was drawn up over several months.",
    "Critics say the {E} does little to address the underlying problems with {X}.",
    "Supporters argue that the {E} will bring stability to {G} within two years.",
    "The debate over {X} has dominated the headlines in {L} for weeks.",
    "In {G}, residents have complained for months about {X}.",
    "The {O} is due to publish a full report on the {E} in {M}.",
    "A previous attempt to reform {X} was abandoned in {Y} after fierce opposition.",
    "Figures from the {O} suggest that {N} households could see a difference by {M}.",
    "The announcement came after a week of talks between the government and the {O}.",
    "Negotiations over the {E} are expected to continue in {L} next week.",
    "The cost of the {E} has been put at {N} million pounds.",
    "{K} has become shorthand in {L} for the wider argument about {X}.",
    "Several members of the {O} were said to be unhappy with the timing.",
    "The {E} was first proposed by {P} in {M} {Y}.",
    "It is the third time this year that {X} has made the front pages.",
    "Markets reacted calmly, with little movement in the hours after the announcement.",
    "Local businesses in {L} say they were not consulted on the {E}.",
    "The {O} described the situation as {A} but manageable.",
    "Independent experts warned that the figures on {X} may be revised later this year.",
    "The latest survey of {N} people found that most expect {X} to get worse.",
    "{P}, {R}, has been closely involved in the talks on {X}.",
    "Under the proposals, {X} would be reviewed every {N2} months.",
    "Opposition parties have called for an independent review of the {E}.",
    "The {E} follows a {A} period for {X} across the country.",
    "Some economists believe the effect on {X} will only be visible in {M}.",
    "Details of the {E} were first reported by several outlets in {L}.",
    "A spokesperson for the {O} declined to comment on the details.",
]
QUOTES = [
    "We cannot keep pretending that {X} will fix itself",
    "This {E} is a turning point for {G}",
    "Nobody in {L} should have to wait this long",
    "The numbers on {X} speak for themselves",
    "We have listened to people, and we are acting",
    "It is too little, too late, and families will pay the price",
    "I am confident that the {E} will deliver results within a year",
    "There is no magic solution to {X}, but this is a serious start",
    "We will look very closely at the details before we decide",
    "People are angry, and they have every right to be",
    "Our priority remains the people of {L}",
    "We warned about {X} for years and nobody listened",
    "This is not the end of the discussion, it is the beginning",
    "The {O} will do whatever it takes to protect {X}",
    "I have never seen anything quite like this in my career",
    "We are asking for fairness, not favours",
]
INDIRECT = [
    "{P} said the {E} would be reviewed before the end of {M}.",
    "According to {P}, {R}, the {O} had not been warned in advance.",
    "{P} told reporters that {X} would remain the government's top priority.",
    "{S} argued that the {E} had been rushed through without proper scrutiny.",
    "{P} warned that {X} could deteriorate further in {G}.",
]
# Direct quote cue patterns; {q} is the quote text without final punctuation.
DIRECT = [
    "“{q},” {P} said.",
    "“{q},” said {P}, {R}.",
    "{P}, {R}, said: “{q}.”",
    "“{q},” {S} told reporters in {L}.",
    "{RW} {S} said on {D}: “{q}.”",
    "“{q},” {P} said in a statement.",
    "“{q},” {S} added.",
]
FOLLOW = [
    "“{q},” {H} added.",
    "“{q},” {H} said.",
    "{H2} added: “{q}.”",
]
TITLE_TEMPLATES = [
    "{L}: {X} {V} as {E} takes shape",
    "{P} defends {E} amid criticism over {X}",
    "{O} unveils {A} {E} for {L}",
    "Why the {E} matters for {X}",
    "{X} {V} after {E} in {L}",
    "{S} under pressure as {X} {V}",
    "{E}: what we know so far about {K}",
    "{O} and {S} clash over {E}",
    "{A} {E} leaves {G} divided",
    "{K}: {O} faces questions over {X}",
]
UPDATE_LINES = [
    "This article has been updated with additional reporting.",
    "Additional reporting by our correspondent in {L}.",
    "An earlier version of this story misstated the date of the announcement.",
]
