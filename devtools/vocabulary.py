"""Words the synthetic data is made of: names, organisations, countries, places, verbs per event type,
topics and outlets. Plain lists, so a run with the same seed always makes the same rows."""

# fmt: off
FIRST = ["Ana", "Luis", "Maria", "Omar", "Leila", "Chen", "Ivan", "Amara", "Tomas", "Yara", "Samir", "Ines", "Kofi",
         "Mei", "Pavel", "Nadia", "Diego", "Hana", "Ravi", "Zeynep", "Jonas", "Aylin", "Felipe", "Sofia"]
LAST = ["Rojas", "Haddad", "Novak", "Okafor", "Tanaka", "Silva", "Petrov", "Mensah", "Garcia", "Kaya", "Lindqvist",
        "Moreau", "Nguyen", "Abebe", "Castillo", "Farouk", "Kowalski", "Duarte", "Ibrahim", "Sato"]
ORG_WORDS = ["National", "Popular", "Democratic", "Revolutionary", "Patriotic", "United", "Civic", "Liberation"]
ORG_KINDS = [("Party", "party"), ("Front", "movement"), ("Army", "armed_group"), ("Police", "military"),
             ("Council", "other"), ("Union", "movement"), ("Guard", "military"), ("Assembly", "state")]
COUNTRIES = ["Venezuela", "Egypt", "Ukraine", "Thailand", "Hong Kong", "Turkey", "Iran", "Chile", "Lebanon", "Sudan",
             "Myanmar", "Sri Lanka", "Peru", "Spain", "Bolivia", "Belarus", "Mali", "Haiti", "Kenya", "Georgia"]
PLACES = ["the capital", "the port city", "the northern province", "the border region", "the old town", "the airport"]
VERBS = {
    "protest": "marched through", "riot": "clashed with police in", "battle": "fought rebels near",
    "violence_against_civilians": "attacked villagers in", "explosion_remote_violence": "shelled",
    "strategic_development": "seized control of", "defection": "defected to the opposition in",
    "recognition": "recognised the interim government in", "legislation": "passed an amnesty law in",
    "election": "held a disputed vote in", "court_ruling": "was sentenced by a court in", "arrest": "was arrested in",
    "appointment_resignation": "resigned after protests in", "negotiation_agreement": "signed a ceasefire in",
    "sanctions": "imposed sanctions over", "statement": "issued a statement in", "poll": "was polled in",
    "other": "was reported in",
}
TOPICS = ["fuel prices", "the disputed election", "press freedom", "the curfew", "corruption", "the new constitution",
          "pension reform", "the ceasefire", "water shortages", "the detained journalists"]
OUTLETS = ["The Daily Ledger", "Reuters", "Associated Press", "Al Jazeera", "BBC News", "El Pais", "Le Monde",
           "The Guardian", "Kyiv Independent", "Hong Kong Free Press", "Middle East Eye", "France 24"]
# fmt: on
