"""Issue 19, English attribution (session 4): sentence shapes whose speaker was missed, wrong or junk."""

from __future__ import annotations

import pytest

from bot.nlp.boundaries import sentence_start
from bot.nlp.speakers import plausible_name, split_name_role
from tests.bot.nlp.quote_helpers import speaker_of

# -- which cue wins: the head's, the tail's, the clause's ------------------------------------------------

@pytest.mark.parametrize(("text", "start", "speaker"), [
    ("Cruz says that “when you live by the pen, you die by the pen.” And he added that his pen has an eraser.",
     "when you live", "Cruz"),
    ("Attorney General Lisa Madigan asserted that “trust in the police is broken.” Democratic presidential "
     "candidate Hillary Clinton said Wednesday she wants an inquiry.", "trust in the police", "Lisa Madigan"),
])
def test_a_capitalised_tail_after_a_full_stop_opens_the_next_sentence(text: str, start: str, speaker: str) -> None:
    assert speaker_of(text, start, with_partial=True) == speaker


def test_a_participle_after_an_inner_quotation_goes_to_the_sentence_subject() -> None:
    text = ("In the email, Bruce Ash described the move as a “major breach of trust,” adding: “I am now "
            "informing all of our committee members of this incident.”")
    assert speaker_of(text, "I am now informing", with_partial=True) == "Bruce Ash"


def test_a_participle_after_an_inverted_cue_goes_to_its_subject() -> None:
    text = ("In Virginia the shift felt less dramatic. “It’s not new in Virginia,” said Rep. Bobby Scott "
            "(D-Va.) at the time, adding that “we’ve been electing African-Americans for a long time.”")
    assert speaker_of(text, "we’ve been electing", with_partial=True) == "Bobby Scott"


def test_a_conjunction_opening_the_sentence_is_no_adverbial() -> None:
    text = ("Donald Trump sent a sympathetic tweet. And then Trump went fully on the attack, saying, "
            "“Is President Obama going to finally mention the words?”")
    assert speaker_of(text, "Is President Obama", with_partial=True) == "Donald Trump"


def test_according_to_a_source_leaves_the_clause_its_own_speaker() -> None:
    text = ("Arizona signs carried Star Wars jokes. According to AZCentral, one highway sign read, "
            "“Trust in the Force, but always buckle up.”")
    assert speaker_of(text, "Trust in the Force", with_partial=True) != "AZCentral"


def test_a_plural_noun_after_a_number_is_no_cue() -> None:
    text = ("Cleveland Police Chief Calvin Williams asked people to leave their guns at home, saying, "
            "“The fewer guns, the better.” The Buckeye State is one of 45 states where open carry is legal.")
    assert speaker_of(text, "The fewer guns", with_partial=True) == "Calvin Williams"


# -- the name inside a longer phrase --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("“We treat it as one long Election Day,” said Rubio’s deputy campaign manager, Rich Beeson, who ran "
     "Romney's ground game.", "Rich Beeson"),
    ("In early October, Trump’s Virginia state director, Mike Rubino, reached out to rVotes, writing in an "
     "email: “We want to utilize this ASAP.”", "Mike Rubino"),
])
def test_the_name_in_apposition_to_a_possessive_role_speaks(text: str, speaker: str) -> None:
    assert speaker_of(text, "We", with_partial=True) == speaker


def test_a_lower_case_role_before_an_unclosed_comma_leads_to_the_name() -> None:
    text = ("Hamdy was headed to Cairo. EgyptAir confirmed the news. “She is also a mother of three young "
            "boys,” another friend, Mariam Emara told CNN.")
    assert speaker_of(text, "She is also", with_partial=True) == "Mariam Emara"


def test_an_inverted_cue_before_a_description_and_a_name() -> None:
    text = ("Rubio spoke in a barn. “I don't know exactly where he stands on that,” said undecided Republican "
            "voter Stephanie Hooton of Derry, N.H., before the event.")
    assert speaker_of(text, "I don't know", with_partial=True) == "Stephanie Hooton"


def test_the_person_before_of_the_heads_the_phrase() -> None:
    text = ("Israel never recognised it. However, as Archbishop Aris Shirvanian of the Armenian Patriarchate of "
            "Jerusalem told the Associated Press, “We, the Armenians, have suffered the same fate.”")
    assert speaker_of(text, "We, the Armenians", with_partial=True) == "Archbishop Aris Shirvanian"


@pytest.mark.parametrize(("mention", "name"), [
    ("Democratic-leaning New Jersey", "New Jersey"),
    ("South Korean-born Monte Haines", "Monte Haines"),
    ("Former Carson", "Carson"),
])
def test_compound_adjectives_and_leading_modifiers_are_not_part_of_a_name(mention: str, name: str) -> None:
    assert split_name_role(mention)[0] == name


@pytest.mark.parametrize("name", ["Outside", "Alongside BLM", "Won’t Leave", "Can't Stop"])
def test_prepositions_and_contractions_are_not_names(name: str) -> None:
    assert not plausible_name(name)


# -- pronouns and their antecedents ---------------------------------------------------------------------

def test_a_place_after_a_compound_adjective_is_no_antecedent() -> None:
    text = ("In a move that shocked nearly everyone, especially in Democratic-leaning New Jersey, Christie "
            "endorsed Trump.\n\nRepublican Christine Todd Whitman, the former New Jersey governor, told The "
            "Star-Ledger she would rather vote for Hillary Clinton than Trump.\n\n“I am ashamed that Christie "
            "would endorse him,” she said.")
    assert speaker_of(text, "I am ashamed", with_partial=True) == "Christine Todd Whitman"


def test_a_number_plural_ends_its_sentence_for_the_next_subject() -> None:
    text = ("Democrats expect party-building, as during President Bill Clinton’s tenure in the 1990s. Podesta "
            "reiterated that approach, John Podesta's aides said.\n\n“We have a commitment to all 50 states,” "
            "he said.")
    assert text[sentence_start(text, text.index("Podesta reiterated"), 0):].lstrip().startswith("Podesta")
    assert speaker_of(text, "We have a commitment", with_partial=True) == "John Podesta"


def test_an_honorific_inside_an_apposition_gives_no_gender() -> None:
    text = ("“It will be a great show,” said David Gilbert, who runs the convention.\n\nTrump, the longtime "
            "owner of the Miss Universe pageant, said in an interview that conventions are dull. “It's very "
            "important to put some showbiz into it,” he said.")
    assert speaker_of(text, "It's very important", with_partial=True) == "Trump"


def test_a_subject_after_an_embedded_quotation_is_an_antecedent() -> None:
    text = ("Maddow talked to Hillary Clinton on Thursday.\n\nWhen Maddow pointed out that Sanders calls it "
            "\"Medicare for all,\" Clinton seized upon the reference. \"Medicare for all is not the same,\" she "
            "said.")
    assert speaker_of(text, "Medicare for all is not", with_partial=True) == "Hillary Clinton"


# -- unnamed speakers stay unnamed ----------------------------------------------------------------------

def test_an_indefinite_nationality_and_role_is_no_one() -> None:
    text = ("Mexico changed course. Under mounting pressure, Mexican officials now say they will speak up.\n\n"
            "\"We have seen a growing discourse against Mexicans,\" said a Mexican official who was not "
            "authorized to speak.")
    assert speaker_of(text, "We have seen", with_partial=True) is None


def test_the_same_role_after_an_unnamed_speaker_stays_unnamed() -> None:
    text = ("“We were stuck in a dark well,” says Naseem Akbar, a former economic official in the Afghan "
            "government.\n\n“Has corruption become the glue?” one Western official asks. “Maybe.”\n\n"
            "“There’s everything-to-myself corruption,” the same official explains.")
    assert speaker_of(text, "There’s everything", with_partial=True) is None


def test_a_headline_subject_is_the_person_named_in_full() -> None:
    text = ("Trump Addresses Munich Attack: ‘This Cannot Continue.’\n\nRepublican presidential nominee Donald "
            "Trump issued a statement on Friday.")
    assert speaker_of(text, "This Cannot Continue", with_partial=True) == "Donald Trump"


def test_a_headline_run_does_not_swallow_a_full_name() -> None:
    text = ("WSJ editorial: 'Deport Nikki Haley.'\n\nNikki Haley should be deported, an editorial says. "
            "Haley gave the response on Tuesday.\n\n“I am the proud daughter of Indian immigrants,” she said.")
    assert speaker_of(text, "I am the proud", with_partial=True) in ("Haley", "Nikki Haley")


# -- second round ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "speaker"), [
    ("“An awful lot of analysts said no, and she took it upon herself,” remembered Roy Verley, HP's former "
     "chief spokesman.", "An awful lot", "Roy Verley"),
    ("Brad Pelletier, 39, came to the rally.\n\n“People are afraid of wasting their votes,” he surmised.",
     "People are afraid", "Brad Pelletier"),
])
def test_more_reporting_verbs(text: str, start: str, speaker: str) -> None:
    assert speaker_of(text, start, with_partial=True) == speaker


def test_the_quotation_s_sentence_may_go_on_before_the_cue() -> None:
    text = ("Bernie Sanders won New Hampshire.\n\n\"Let me thank the volunteers who worked so hard\" for the "
            "victory, Sanders said.")
    assert speaker_of(text, "Let me thank", with_partial=True) == "Bernie Sanders"


def test_a_title_case_transcript_label_inside_the_quotation() -> None:
    text = "The panel laughed.\n\n\"Chris Matthews: Seriously, seriously about this. That sounds great.\""
    assert speaker_of(text, "Seriously", with_partial=True) == "Chris Matthews"


def test_a_name_after_a_subordinator_is_the_clause_subject() -> None:
    text = ("Nidal Hasan killed 13 people at Fort Hood in 2009.\n\nThe idea came up in December, when Hillary "
            "Clinton called the Republican frontrunner “ISIS’ best recruiter.” She also said that “they are "
            "showing videos of Donald Trump to recruit more jihadists.”")
    assert speaker_of(text, "they are showing", with_partial=True) == "Hillary Clinton"


def test_a_dateline_is_no_subject() -> None:
    text = ("WASHINGTON, Dec. 8 (UPI) — In response to the proposal, Huma Abedin rallied supporters, saying: "
            "“We have to be ready to stop him.”")
    assert speaker_of(text, "We have to be ready", with_partial=True) == "Huma Abedin"


def test_a_paragraph_final_colon_after_a_dash_clause() -> None:
    text = ("Ted Cruz was angry at the debate.\n\nThat is, when the moderators yielded to the temptation of "
            "snark — Cruz called them on it:\n\n“The questions asked in this debate illustrate why people "
            "don’t trust the media.”")
    assert speaker_of(text, "The questions asked", with_partial=True) == "Ted Cruz"


def test_a_colon_clause_that_goes_on_after_a_quotation_with_but_he() -> None:
    text = ("Harry Reid spoke on Tuesday.\n\nReid said both senators are \"non-entities in the Senate,\" but he "
            "gave the Texan a back-handed compliment: \"You never have to guess where he is.\"")
    assert speaker_of(text, "You never have to guess", with_partial=True) == "Harry Reid"


def test_a_paragraph_opening_quotation_after_an_issued_statement() -> None:
    text = ("Wasserman Schultz resigned.\n\nAt Brazile’s direction, the DNC issued a statement apologizing to "
            "Sanders.\n\n“On behalf of everyone at the DNC, we want to offer a deep and sincere apology.”")
    assert speaker_of(text, "On behalf of everyone", with_partial=True) == "DNC"


def test_the_newspaper_is_the_news_outlet_named_last() -> None:
    text = ("The New York Daily News claims the NRA is to blame. The National Rifle Association said it opposes "
            "the checks.\n\nAccording to the newspaper, “America’s porous gun laws empower dealers.”")
    assert speaker_of(text, "America’s porous", with_partial=True) == "New York Daily News"


@pytest.mark.parametrize(("mention", "name"), [
    ("Post Editor-in-Chief Martin Baron", "Martin Baron"),
    ("Democrat Hillary Clinton", "Hillary Clinton"),
    ("Fox News’ Sean Hannity", "Sean Hannity"),
    ("Comedian Sarah Silverman", "Sarah Silverman"),
])
def test_roles_outlets_and_parties_before_a_name_are_not_part_of_it(mention: str, name: str) -> None:
    assert split_name_role(mention)[0] == name


@pytest.mark.parametrize("mention", ["Republican Party", "Republican National Committee", "Alexandria Ocasio-Cortez"])
def test_organisations_and_hyphenated_names_stay_whole(mention: str) -> None:
    assert split_name_role(mention)[0] == mention


def test_a_capitalised_run_before_a_role_noun_is_no_one() -> None:
    text = ("East German officials denied it.\n\n“The book outed our agents,” said an East German official.")
    assert speaker_of(text, "The book outed", with_partial=True) is None


# -- third round ----------------------------------------------------------------------------------------

def test_a_participle_after_an_incise_goes_to_the_incise_speaker() -> None:
    text = ("Sean Spicer spoke to CNN.\n\nRyan and Trump will meet sometime next week, Spicer said, adding, "
            "\"They need to sit down and have a good talk.\"")
    assert speaker_of(text, "They need to sit down", with_partial=True) == "Sean Spicer"


def test_the_subject_before_a_dash_aside_speaks_not_the_one_told() -> None:
    text = ("Newt Gingrich is intrigued.\n\nOn Friday, Gingrich — mentioned by Newsmax as the leading choice for "
            "Trump’s running mate — told Bill O’Reilly of Fox News that “you have to look at it seriously.”")
    assert speaker_of(text, "you have to look", with_partial=True) == "Newt Gingrich"


def test_a_participle_after_a_prepositional_object_takes_the_sentence_subject() -> None:
    text = ("Hillary Clinton met Jose Antonio Vargas.\n\nClinton responded to Vargas’ question on Telemundo "
            "Facebook writing, “Yes, I will. That was a poor choice of words.”")
    assert speaker_of(text, "Yes, I will", with_partial=True) == "Hillary Clinton"


def test_from_x_colon_in_a_long_head_is_no_source_label() -> None:
    text = ("Donald Trump attacked Clinton again.\n\nAs Mitchell tried to discuss Clinton's challenges, Sanders "
            "responded with a phrase that could have come from Trump himself: “Do not moan to me about it.”")
    assert speaker_of(text, "Do not moan", with_partial=True) != "Donald Trump"


def test_quoted_as_saying_names_its_subject() -> None:
    text = ("Matt Braynard ran a polling firm.\n\n“Our method succeeds where others fail,” Braynard is quoted as "
            "saying.")
    assert speaker_of(text, "Our method succeeds", with_partial=True) == "Matt Braynard"


def test_a_straight_mark_glued_to_the_next_word_closes_the_quotation() -> None:
    text = ("Our Principles PAC was started by a Romney aide.\n\n\"Trump says different things to different "
            "audiences,\"Katie Packer, who is chairman of the PAC said in a statement. \"He ducks the issues.\"")
    assert speaker_of(text, "Trump says different", with_partial=True) == "Katie Packer"


def test_an_unnamed_speaker_in_the_tail_blocks_the_last_speaker() -> None:
    text = ("Last week, spokeswoman Hua Chunying said China was watching the race with \"bemused interest,\" "
            "she said.\n\n\"It's great fun watching the dogfight in the United States,\" one user wrote.")
    assert speaker_of(text, "It's great fun", with_partial=True) is None


def test_pat_gives_no_gender() -> None:
    text = ("Indiana Senate candidates include Jennifer Ping and 34-year state Sen. Pat Miller.\n\nContacted by "
            "POLITICO, a terse Miller agreed that she was not in the Trump camp.\n\n“I’m supporting Tom "
            "Selleck,” she said.")
    assert speaker_of(text, "I’m supporting", with_partial=True) == "Pat Miller"


def test_a_short_quoted_name_inside_the_attribution_does_not_end_it() -> None:
    text = ("Not everyone was happy.\n\n“We’ve had more successful conventions than this one,” Texas delegate Bill "
            "Eastland, wearing a cowboy hat and “Ted Cruz” campaign pins, said matter-of-factly.")
    assert speaker_of(text, "We’ve had more", with_partial=True) == "Bill Eastland"


def test_the_senator_is_the_senator_who_opened_the_last_sentence() -> None:
    text = ("“We need sanctions,” Sen. Ted Cruz said.\n\nSen. Bernie Sanders on Wednesday morning also called "
            "upon the U.S. to press China.\n\n\"China is equally concerned,\" the independent Vermont senator told "
            "ABC.")
    assert speaker_of(text, "China is equally", with_partial=True) == "Bernie Sanders"


def test_the_former_president_is_not_the_vice_president() -> None:
    text = ("“They’re both qualified,” Vice President Joe Biden said.\n\nBill Clinton got in on the game, bashing "
            "Sanders during a rally. “Sometimes I get the feeling he runs against Obama,” the former president said.")
    assert speaker_of(text, "Sometimes I get", with_partial=True) == "Bill Clinton"


def test_a_subject_with_a_plural_verb_is_no_person() -> None:
    text = ("Kelly Ayotte hoped for another campaign.\n\nGroups such as Michael Bloomberg's super PAC, Independence "
            "USA, have spent $10 million attacking Ayotte.\n\n\"You have to deal with the conditions you're "
            "given,\" she said.")
    assert speaker_of(text, "You have to deal", with_partial=True) != "Independence USA"


def test_and_since_then_opens_a_clause_with_its_own_subject() -> None:
    text = ("The governor needs to best rivals Jeb Bush and Kasich.\n\nCarson: A miracle.\n\nThe most unlikely "
            "candidate was briefly the front-runner. But that was last fall, and since then Ben Carson has seen his "
            "standing tumble. \"I'm still here,\" he declared at Saturday's debate.")
    assert speaker_of(text, "I'm still here", with_partial=True) in ("Carson", "Ben Carson")


# -- fifth round ----------------------------------------------------------------------------------------

def test_according_to_a_document_filed_by_its_author() -> None:
    text = ("Police had charged Lewandowski.\n\n“The evidence cannot prove all elements of the crime,” according to "
            "a court document filed by state attorney Dave Aronberg.")
    assert speaker_of(text, "The evidence cannot", with_partial=True) == "Dave Aronberg"


def test_that_quote_from_names_the_speaker() -> None:
    text = ("With Clinton, FBI's bad rep grows.\n\n\"I'd rather have a sister in a whorehouse than a brother in the "
            "FBI.\" That quote from Alabama Securities Commissioner Thomas Krebs appeared in 1980.")
    assert speaker_of(text, "I'd rather", with_partial=True) == "Thomas Krebs"


def test_an_inverted_cue_then_a_participle_and_a_colon() -> None:
    text = ("Bill Skelly vouched for both.\n\n“Having access to the file is valuable,” said Skelly, explaining he "
            "worked more closely with Chrabaszcz, who cleaned up the data: “Vito is outstanding with data.”")
    assert speaker_of(text, "Vito is outstanding", with_partial=True) == "Bill Skelly"


def test_a_participle_with_a_pronoun_object_after_an_inner_quotation() -> None:
    text = ("In June 2009, after Clinton suffered a concussion, David Axelrod emailed her, addressing her as "
            "“Hillary” and telling her, “you are an all-star player and we need you!”")
    assert speaker_of(text, "you are an all-star", with_partial=True) == "David Axelrod"


@pytest.mark.parametrize(("text", "start", "speaker"), [
    ("This is HuffPollster.\n\nMedia shares blame in Iowa poll overhype - HuffPollster: “Pollsters are taking a "
     "lot of heat from the public.”", "Pollsters are taking", "HuffPollster"),
    ("Jeffrey M. Jones wrote on Gallup.\n\nWhat that means for this year’s election - More from Jones: “The "
     "partisanship of the state population is a starting point.”", "The partisanship", "Jones"),
])
def test_a_digest_heading_s_source_label(text: str, start: str, speaker: str) -> None:
    assert speaker_of(text, start, with_partial=True) in (speaker, "Jeffrey M. Jones")


def test_told_the_outlet_colon_is_not_the_outlet() -> None:
    text = "Kat will help the investigation.\n\nA show insider told The Sun: \"EastEnders has a rich history.\""
    assert speaker_of(text, "EastEnders has", with_partial=True) is None
