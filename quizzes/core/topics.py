"""The article's topics that questions are filed under (labels live in models)."""

TOPICS = (
    "origins",  # the USSR's break-up, the CIS and its first defence agreements
    "treaty",  # the Collective Security Treaty of 15 May 1992: adoption and content
    "articles",  # the treaty articles the article quotes
    "participants",  # who signed, who stayed out and why
    "people",  # the people the article names and their roles
    "bodies",  # bodies and documents created
    "threats",  # threats and concerns
    "criticism",  # criticisms and opinions, with whose they are
    "kazakhstan",  # Kazakhstan's part and its benefits
    "reforms",  # the CSTO and the 2007 reforms
)
