"""The event vocabulary: trigger phrases per event type, and the lemmas and event nouns the parse is read by.

General news English, nothing specific to one article, outlet or crisis; `clauses.py` compiles and matches them.
"""

# --- Events: trigger stems per event type, checked in this order (the more specific types first).
# fmt: off
# Trigger stems per type; checked in this order, so the more specific types come first.
TRIGGERS: tuple[tuple[str, str], ...] = (
    ("poll", r"poll(?:s|ed)? (?:showed|shows|found|said)|survey (?:showed|found)"),
    ("defection", r"defect(?:ed|ion|ions|ing|s)?\b|switch(?:ed)? sides|swore allegiance|(?:is|was|he's|she's) backing"),
    ("recognition", r"recogni[sz](?:es|ed|e|ing) (?:him|her|\w+ as)"),
    (
        "court_ruling",
        r"sentenc(?:ed|ing)|convicted|acquitted|verdict|court (?:ruled|ordered|upheld|rejected|"
        r"dissolved)|ruled that|found (?:not )?guilty|fined",
    ),
    (
        "arrest",
        r"arrest(?:ed|s|ing)?\b|arrest warrant|detain(?:ed|s|ing)|detention of|jailed|taken into custody|rounded up",
    ),
    (
        "appointment_resignation",
        r"\bappoint(?:ed|s|ing|ment)|resign(?:ed|s|ation)|sworn in|fired (?:the|his|her)|replaced \w+ with|"
        r"dismiss(?:ed|al)|ousted|step(?:ped)? down",
    ),
    (
        "sanctions",
        r"sanction(?:s|ed)|embargo|froze (?:the )?assets|"
        r"\baid\b(?! (?:groups?|agenc(?:y|ies)|workers?|organi[sz]ations?|officials?)\b)",  # not "aid groups said"
    ),
    ("election", r"\belection\b|\bvoted?\b|\bballot|referendum|won the presidency"),
    (
        "legislation",
        r"\bbill\b|legislation|amendments?|\bdecree[sd]?\b|(?<!martial )(?<!security )\blaw\b(?! enforcement)|"
        r"constitution(?:al)? (?:declaration|amendment)",
    ),
    (
        "negotiation_agreement",
        r"sign(?:ed|ing) (?:an? )?(?:agreement|deal|accord)|agreement|\bdeal\b|negotiat|peace talks|"
        r"\bmet with\b|\bmeets? with\b|ceasefire",
    ),
    (
        "explosion_remote_violence",
        r"air ?strikes?|missiles?|\bdrones?\b|bomb(?:s|ed|ing|ings)?\b|explo(?:ded|sion)|shell(?:ed|"
        r"ing)|artillery|rockets?",
    ),
    (
        "battle",
        r"\boffensive\b|fighting|battle|fought|attacked|\btargeted (?:the|an?)\b|"
        r"\bclashes with (?:troops|rebels|militants|"
        r"fighters)|ground operation|military operation|shot down|downing",
    ),
    (
        "violence_against_civilians",
        r"\bkill(?:ed|ing|s)\b|shot dead|open(?:ed|ing) fire|fired (?:on|at|live)|massacre|\bdied\b|"
        r"death of|wounded|injured|(?<!un)harmed\b|\bbeat(?:en|ing)?\b|tear ?gas|water cannon|rubber bullets|"
        r"beanbag|pepper spray|crackdown|brutality",
    ),
    (
        "riot",
        r"\briot(?:s|ed|ing)?\b|clash(?:ed|es)?\b|storm(?:ed|ing)\b|ransack|vandali[sz]|smash(?:ed)?|"
        r"set (?:on )?fire|torch(?:ed)?|loot(?:ed|ing)|threw (?:stones|rocks|petrol|bricks)|"
        r"petrol bombs|broke into",
    ),
    (
        "protest",
        r"protest(?:ed|ing|s)?\b|\brall(?:y|ied|ies)\b|march(?:ed|es|ing)?\b|demonstrat(?:ed|"
        r"ion|ions|ors)|gathered|took to the streets|sit-ins?\b|\bstrike\b|chant(?:ed|ing)|"
        r"occup(?:ied|y)|vigil|turned their backs|\bspoke to (?:tens of )?(?:thousands|hundreds|"
        r"crowds|supporters)",
    ),
    (
        "strategic_development",
        r"martial law|state of emergency|curfew|\bcoup\b|blocked|shut down|seized|took control|"
        r"taken over|deploy(?:ed|s)|impos(?:ed|es)|decreed|issued|extended|lifted|suspend(?:ed|"
        r"s)|captured|fled|escape[ds]?\b|freed|returned to|banned|withdr(?:ew|awn)|launched|"
        r"ordered|barred|established|guarding|removed|took power|dissolved|called for|went to|"
        r"flew to|arrived in|travel(?:l)?ed to|left for|was stopped|sought refuge|quelled|t(?:ook|aken|aking) down\b|"
        r"takedowns?\b",
    ),
    (
        "statement",
        r"in a statement|\bsaid (?:on|late|early|in an?|at a)\b|(?:on|late|early) (?:Mon|Tues|"
        r"Wednes|Thurs|Fri|Satur|Sun)day,? (?:said|announced)|\badmitted\b|news conference|"
        r"press conference|\bapologi[sz]ed|\bvowed\b|\bcondemned\b|\bwarned\b|\burged\b|\bdenied\b|"
        r"questioned|\bcalled (?:the|for|on|it)|blamed|accused|told (?:the )?(?:media|reporters)|"
        r"tweeted|weighed in|op-ed",
    ),
)
# fmt: on

# Predicates the parse finds by lemma when no trigger phrase matched: a finite verb reported as done (or an
# event noun) in a sentence's main clause. Whole lemmas, never parts of words.
LEMMA_TRIGGERS: dict[str, str] = {
    **dict.fromkeys(
        "apologize apologise denounce condemn criticize criticise blame accuse warn vow pledge urge reject "
        "insist announce declare proclaim demand threaten pardon".split(),
        "statement",
    ),
    **dict.fromkeys(
        "close shut suspend block disrupt deploy seize ban expel evacuate cancel postpone side defy annul "
        "revoke nationalize nationalise confiscate raid".split(),
        "strategic_development",
    ),
    **dict.fromkeys("erupt rampage".split(), "riot"),
    **dict.fromkeys("boycott picket".split(), "protest"),
    **dict.fromkeys("agree mediate".split(), "negotiation_agreement"),
    **dict.fromkeys("shoot torture abduct kidnap execute".split(), "violence_against_civilians"),
    **dict.fromkeys("elect".split(), "election"),
}
EVENT_NOUNS: dict[str, str] = {
    "funeral": "protest", "walkout": "protest", "boycott": "protest", "curfew": "strategic_development",
    "crackdown": "violence_against_civilians", "ambush": "battle", "airstrike": "explosion_remote_violence",
    "resignation": "appointment_resignation", "impeachment": "legislation", "referendum": "election",
}  # fmt: skip
