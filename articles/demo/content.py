"""The demo content: the seed article, its references, and one article in every other state.

The seed page as published cites numbers 1-8 while its reference list holds four entries, two of
them the same AAP guideline. Here the guideline is listed once, and every marker cites one of the
three works the seed lists, so the demo is self-consistent. Markers 1-4 follow the seed's own list
(1 and 2: the guideline; 3: "Revising Working Models Across Time"; 4: "Accentuating the positive
in adult attachments"); markers 5-8, which the seed's list does not reach, cite the listed work
their claims match: 5 (relationship experiences that revise working models of the self) the
2018 review, 6-8 (self-compassion, joy and well-being in secure attachment) the 2007 article.
No reference is invented: the other demo articles cite the same three works.
"""

from datetime import UTC, datetime, timedelta

from articles.demo import spanish
from editorial.languages import languages_stored

REFERENCES = [
    {
        "key": "pediatrics2021trauma",
        "kind": "guideline",
        "title": "trauma-informed care.",
        "journal": "Pediatrics",
        "year": 2021,
    },
    {
        "key": "pspr2018workingmodels",
        "kind": "research",
        "title": "Revising Working Models Across Time: Relationship Situations That Enhance "
        "Attachment Security.",
        "journal": "Personality and social psychology review : an official journal of the "
        "Society for Personality and Social Psychology, Inc",
        "year": 2018,
    },
    {
        "key": "ahd2007positive",
        "kind": "research",
        "title": "Accentuating the positive in adult attachments.",
        "journal": "Attachment & human development",
        "year": 2007,
    },
]

SEED_TITLE = "What factors contribute to developing a secure attachment style in adults?"
SEED_SLUG = "what-factors-contribute-to-developing-a-secure-attachment-style-in-adults"

SEED_GUIDELINES = """\
To develop a secure attachment style as an adult, it is crucial to focus on self-awareness, \
emotional regulation, and building healthy relationships, as recent studies suggest that \
attachment remains malleable beyond infancy, even into adolescence and adulthood, to some \
extent [@pediatrics2021trauma]. When considering the development of a secure attachment style, \
several key factors come into play, including:

- **Self-awareness:** Examining your current attachment patterns through reflection or \
journaling about your relationship behaviors and emotional responses is essential.
- **Emotional regulation:** Practicing emotional regulation by identifying and naming your \
feelings without judgment, using mindfulness techniques like deep breathing when feeling anxious \
or avoidant in relationships, can help.
- **Building healthy relationships:** Seeking therapy, particularly cognitive-behavioral therapy \
or psychodynamic approaches, can help address attachment wounds from childhood, and building a \
support network of consistent, trustworthy relationships where you can practice vulnerability \
gradually is vital. The importance of a secure attachment style is highlighted by its impact on \
mental health, with studies showing that less secure attachment styles are associated with \
increased symptoms of postpartum depression and other mental health issues \
[@pediatrics2021trauma]. In terms of specific strategies for developing a secure attachment \
style, it is essential to:
- Practice self-compassion by treating yourself with the same kindness you would offer a friend.
- Communicate openly about your needs and boundaries while respecting those of others in \
relationships.
- Recognize that developing secure attachment takes time, as you are rewiring neural pathways \
formed early in life, but consistent practice of these skills can lead to more fulfilling \
relationships and improved emotional wellbeing, as supported by the concept of relational health \
care and the importance of forming and maintaining safe, stable, and nurturing relationships \
[@pspr2018workingmodels].
"""

SEED_FACTORS = """\
### Factors Contributing to Secure Attachment Style in Adults

Several factors contribute to the development of a secure attachment style in adults, including:

- A positive and supportive therapeutic relationship, which can provide a secure base for \
individuals to explore and process their attachment experiences [@ahd2007positive]
- The ability to formulate and process relationship experiences in a healthy and constructive \
manner [@ahd2007positive; @pspr2018workingmodels]
- The presence of self-compassion, which can mediate the relationship between attachment style \
and eudaimonic well-being [@ahd2007positive]
- Experiences that foster personal confidence and secure mental models of the self, such as \
positive dependence and secure relationships [@pspr2018workingmodels]
- A therapist's awareness of their own and their clients' attachment experiences, and their \
ability to formulate and meet clients' attachment needs [@ahd2007positive]
"""

SEED_THEMES = """
### Key Themes in Attachment-Informed Therapy

Research has identified several key themes in attachment-informed therapy, including:

- Changing internal working models
- The therapeutic relationship and creating a secure base
- Formulating and processing relationship experiences
- Countertransference
- Separation, termination, and boundary issues
- Working with different attachment styles or patterns [@ahd2007positive]
"""

SEED_IMPORTANCE = """
### The Importance of Attachment Security in Adulthood

Attachment security is important for psychological well-being in adulthood, and is related to \
feelings of joy, comfort, and contentment throughout life [@ahd2007positive]. Secure attachment \
can facilitate an attitude of kindness and acceptance toward the self, and can enhance \
psychological and physical well-being [@ahd2007positive].
"""

GUIDELINES = "From the Guidelines"
RESEARCH = "From the Research"

# The first submission lacked the key themes; the board asked for them (see SEED_STORY).
SEED_FIRST_DRAFT = [
    (GUIDELINES, SEED_GUIDELINES),
    (RESEARCH, SEED_FACTORS + SEED_IMPORTANCE),
]
SEED_SECTIONS = [
    (GUIDELINES, SEED_GUIDELINES),
    (RESEARCH, SEED_FACTORS + SEED_THEMES + SEED_IMPORTANCE),
]
SEED_REFERENCE_KEYS = [reference["key"] for reference in REFERENCES]


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Who did what, when: (moment, username, action, payload). "create" and "edit" write the content;
# "invite", "accept" (with no conflict of interest) and "review" are the board's review;
# "comment" (on a passage: quote, body, audience), "reply" and "resolve" (the comment on the
# passage quoted) are comments on passages; anything else is a workflow step whose payload is
# its comment or decision letter.
# Passages the board commented on (as readers read them: citation numbers left out).
EUDAIMONIC_PASSAGE = (
    "which can mediate the relationship between attachment style and eudaimonic well-being"
)
THERAPIST_PASSAGE = "A therapist's awareness of their own and their clients' attachment experiences"

SEED_STORY = [
    (at(2025, 1, 27, 9, 15), "author", "create", ""),
    (
        at(2025, 2, 3, 16, 40),
        "author",
        "submit",
        "First version for the board. The guideline summary follows the AAP clinical report.",
    ),
    (at(2025, 2, 4, 9, 5), "editor", "start_review", "Assigned to the board for review."),
    (at(2025, 2, 4, 9, 10), "editor", "invite", ["reviewer", "reviewer2"]),
    (at(2025, 2, 4, 12, 0), "reviewer", "accept", ""),
    (at(2025, 2, 5, 8, 30), "reviewer2", "accept", ""),
    (
        at(2025, 2, 7, 16, 50),
        "reviewer",
        "comment",
        {
            "quote": THERAPIST_PASSAGE,
            "body": "For the board: this factor rests on one qualitative source. Fine in a list "
            "of factors, but worth checking again at the periodic re-review.",
            "audience": "board",
        },
    ),
    (
        at(2025, 2, 7, 17, 0),
        "reviewer",
        "review",
        {
            "recommendation": "minor",
            "comments_for_author": "The guideline section reads well and its claims match the "
            "AAP report. In the research section, keep each claim tied to the cited work.",
        },
    ),
    (
        at(2025, 2, 10, 13, 50),
        "reviewer2",
        "comment",
        {
            "quote": EUDAIMONIC_PASSAGE,
            "body": "Readers may not know \u201ceudaimonic well-being\u201d. Say what it means "
            "here, or say that it is the cited study's term.",
            "audience": "author",
        },
    ),
    (
        at(2025, 2, 10, 14, 0),
        "reviewer2",
        "review",
        {
            "recommendation": "major",
            "comments_for_author": "The research section says attachment-informed therapy works "
            "on several themes but does not name them. Please list the key themes the cited work "
            "identifies.",
            "confidential_comments": "Sound article otherwise; one more round should do.",
        },
    ),
    (
        at(2025, 2, 10, 14, 30),
        "reviewer2",
        "request_changes",
        "Dear Alex Morgan,\n\nThe board asks for one change before approval: the research "
        "section says attachment-informed therapy works on several themes but does not name "
        "them. Please list the key themes the cited work identifies, and keep each claim tied "
        "to its source. Cite the AAP report once in the reference list.\n\nDaniel Okafor",
    ),
    (
        at(2025, 2, 17, 10, 45),
        "author",
        "reply",
        {
            "quote": EUDAIMONIC_PASSAGE,
            "body": "It is the study's own term (well-being as meaning and growth rather than "
            "pleasure); I kept it so that the claim matches its source.",
        },
    ),
    (at(2025, 2, 17, 11, 0), "author", "edit", ""),
    (
        at(2025, 2, 17, 11, 20),
        "author",
        "resubmit",
        "Added 'Key Themes in Attachment-Informed Therapy' with its source; the guideline is "
        "now listed once.",
    ),
    (at(2025, 2, 18, 8, 45), "editor", "start_review", "Second round, same reviewers."),
    (at(2025, 2, 18, 10, 0), "reviewer", "accept", ""),
    (at(2025, 2, 19, 9, 0), "reviewer2", "accept", ""),
    (
        at(2025, 2, 21, 16, 0),
        "reviewer2",
        "review",
        {
            "recommendation": "approve",
            "comments_for_author": "The key themes are now listed with their source. Thank you.",
        },
    ),
    (
        at(2025, 2, 21, 15, 55),
        "reviewer2",
        "resolve",
        {"quote": EUDAIMONIC_PASSAGE},
    ),
    (
        at(2025, 2, 24, 11, 30),
        "reviewer",
        "review",
        {
            "recommendation": "approve",
            "comments_for_author": "Claims are supported by the cited sources and the wording "
            "suits a professional audience.",
        },
    ),
    (
        at(2025, 2, 25, 15, 0),
        "editor",
        "reply",
        {
            "quote": THERAPIST_PASSAGE,
            "body": "Noted for the re-review in a year; nothing to ask of the author now.",
        },
    ),
    (at(2025, 2, 25, 15, 2), "editor", "resolve", {"quote": THERAPIST_PASSAGE}),
    (
        at(2025, 2, 25, 15, 10),
        "reviewer",
        "approve",
        "Claims are supported by the cited sources and the wording suits a professional "
        "audience. Approved.",
    ),
    # The Spanish translation of the approved revision, reviewed by the board members who
    # review in Spanish (articles.demo.spanish).
    (
        at(2025, 3, 10, 9, 30),
        "translator",
        "es:translate",
        {"title": spanish.SEED_TITLE, "sections": spanish.SEED_SECTIONS},
    ),
    (at(2025, 3, 17, 11, 0), "translator", "es:submit", spanish.SUBMISSION),
    (at(2025, 3, 18, 9, 0), "editor", "es:start_review", "Revisión de la traducción al español."),
    (at(2025, 3, 24, 10, 0), "editor", "es:reviews", spanish.REVIEWS),
    (at(2025, 3, 26, 12, 0), "reviewer2", "es:approve", spanish.APPROVAL),
]

ACCOUNTS = [
    {
        "username": "author",
        "first_name": "Alex",
        "last_name": "Morgan",
        "email": "author@example.org",
        "groups": ["Authors"],
        "is_staff": False,
        "role": "Author (group Authors): drafts and revises articles",
    },
    {
        "username": "reviewer",
        "first_name": "Priya",
        "last_name": "Raman",
        "email": "reviewer@example.org",
        "groups": ["Board members"],
        "is_staff": True,
        "role": "Board member (group Board members): Dr. Priya Raman, MD, FAAP",
        "board": {
            "display_name": "Dr. Priya Raman",
            "credentials": "MD, FAAP",
            "specialty": "Developmental-behavioral pediatrics",
            "bio": "Developmental-behavioral pediatrician with a clinical focus on early "
            "relationships, adversity and resilience.",
        },
        "specialties": ["Pediatrics"],
    },
    {
        "username": "reviewer2",
        "first_name": "Daniel",
        "last_name": "Okafor",
        "email": "reviewer2@example.org",
        "groups": ["Board members"],
        "is_staff": True,
        "role": "Board member (group Board members): Dr. Daniel Okafor, MD, PhD; reviews in "
        "English and Spanish",
        "board": {
            "display_name": "Dr. Daniel Okafor",
            "credentials": "MD, PhD",
            "specialty": "Adult psychiatry",
            "bio": "Psychiatrist and psychotherapy researcher working on attachment in adult "
            "mental health care.",
            "review_languages": languages_stored(["en", "es"]),
        },
        "specialties": ["Psychiatry", "Psychotherapy"],
    },
    {
        "username": "reviewer3",
        "first_name": "Lucía",
        "last_name": "Herrera",
        "email": "reviewer3@example.org",
        "groups": ["Board members"],
        "is_staff": True,
        "role": "Board member (group Board members): Dra. Lucía Herrera, MD; reviews in Spanish",
        "board": {
            "display_name": "Dra. Lucía Herrera",
            "credentials": "MD",
            "specialty": "Adult psychiatry",
            "bio": "Psychiatrist in adult mental health care; reviews the Spanish edition.",
            "review_languages": languages_stored(["es"]),
        },
        "specialties": ["Psychiatry"],
    },
    {
        "username": "editor",
        "first_name": "Elena",
        "last_name": "Schmidt",
        "email": "editor@example.org",
        "groups": ["Editors"],
        "is_staff": True,
        "role": "Editor-in-chief (group Editors): runs the review",
    },
    {
        "username": "translator",
        "first_name": "Marta",
        "last_name": "Ruiz",
        "email": "translator@example.org",
        "groups": ["Translators"],
        "is_staff": False,
        "role": "Translator (group Translators): drafts the Spanish translations",
    },
]
DEMO_PASSWORD = "demo"


def _story(start: datetime, steps: list[tuple[int, str, str, str]]) -> list:
    return [
        (start + timedelta(days=days), user, action, comment)
        for days, user, action, comment in steps
    ]


APPROVING_REVIEWS = {
    "reviewer": ("approve", "Accurate and well sourced."),
    "reviewer2": ("approve", "Claims match the cited sources."),
}

APPROVING_REVIEW = {
    "recommendation": "approve",
    "comments_for_author": "The added citation supports the sentence.",
}
# "Can adult attachment style change over time?" as first approved, and its second approved
# version: the research section's last sentence cites both sources (its third version, under
# review, changes the guideline paragraph too).
CHANGE_FIRST_VERSION = [
    (
        GUIDELINES,
        "Clinical guidance treats early relationships as formative but not fixed: "
        "safe, stable and nurturing relationships remain protective beyond early "
        "childhood [@pediatrics2021trauma].",
    ),
    (
        RESEARCH,
        "### Relationship situations that enhance security\n\n"
        "Working models of attachment can be revised across time, particularly through "
        "relationship situations that challenge insecure expectations and offer new, "
        "more secure experiences [@pspr2018workingmodels].\n\n"
        "### Positive experiences\n\n"
        "Positive relational experiences are associated with greater security and "
        "well-being in adults [@ahd2007positive].",
    ),
]
CHANGE_SECOND_VERSION = [
    CHANGE_FIRST_VERSION[0],
    (
        RESEARCH,
        CHANGE_FIRST_VERSION[1][1].replace(
            "[@ahd2007positive].", "[@ahd2007positive; @pspr2018workingmodels]."
        ),
    ),
]

# One article in each other state, all citing the seed's works and nothing else.
OTHER_ARTICLES = [
    {
        "title": "How can clinicians recognize insecure attachment patterns in adult patients?",
        "slug": "how-can-clinicians-recognize-insecure-attachment-patterns-in-adult-patients",
        "sections": [
            (
                GUIDELINES,
                "Notes for the first draft: summarize what the AAP clinical report says about "
                "asking about adversity and relationships, before turning to adults.",
            ),
            (RESEARCH, ""),
        ],
        "reference_keys": [],
        "story": _story(at(2025, 11, 3), [(0, "author", "create", "")]),
        "state": "draft",
    },
    {
        "title": "What does trauma-informed care mean in everyday pediatric practice?",
        "slug": "what-does-trauma-informed-care-mean-in-everyday-pediatric-practice",
        "sections": [
            (
                GUIDELINES,
                "Trauma-informed care asks clinicians to recognize how adversity affects a "
                "child's health and behavior, and to respond in ways that build safe, stable and "
                "nurturing relationships rather than add to stress [@pediatrics2021trauma].\n\n"
                "- Recognize signs of adversity and their effects on development.\n"
                "- Respond with strategies that support the child and the caregivers.\n"
                "- Avoid practices that retraumatize [@pediatrics2021trauma].",
            ),
            (
                RESEARCH,
                "Supportive relationships can shift how people think about themselves and "
                "others over time [@pspr2018workingmodels].",
            ),
        ],
        "reference_keys": ["pediatrics2021trauma", "pspr2018workingmodels"],
        "story": _story(
            at(2025, 10, 20),
            [(0, "author", "create", ""), (9, "author", "submit", "Ready for the board.")],
        ),
        "state": "submitted",
    },
    {
        "title": "Can adult attachment style change over time?",
        "slug": "can-adult-attachment-style-change-over-time",
        "sections": CHANGE_FIRST_VERSION,
        "revised_sections": [
            (
                GUIDELINES,
                "Clinical guidance treats early relationships as formative but not fixed: "
                "safe, stable and nurturing relationships remain protective beyond early "
                "childhood, and clinicians can help families build them [@pediatrics2021trauma].",
            ),
            (
                RESEARCH,
                "### Relationship situations that enhance security\n\n"
                "Working models of attachment can be revised across time, particularly through "
                "relationship situations that challenge insecure expectations and offer new, "
                "more secure experiences [@pspr2018workingmodels].\n\n"
                "### Positive experiences\n\n"
                "Positive relational experiences are associated with greater security and "
                "well-being in adults [@ahd2007positive; @pspr2018workingmodels].",
            ),
        ],
        "reference_keys": ["pediatrics2021trauma", "pspr2018workingmodels", "ahd2007positive"],
        "story": _story(
            at(2025, 3, 3),
            [
                (0, "author", "create", ""),
                (2, "author", "submit", ""),
                (3, "editor", "start_review", ""),
                (4, "editor", "reviews", APPROVING_REVIEWS),
                (10, "reviewer", "approve", "Accurate and well sourced."),
                # Its Spanish translation of revision 1, approved; revision 2 then goes live
                # and leaves the translation out of date.
                (
                    21,
                    "translator",
                    "es:translate",
                    {"title": spanish.CHANGE_TITLE, "sections": spanish.CHANGE_SECTIONS},
                ),
                (28, "translator", "es:submit", spanish.SUBMISSION),
                (29, "editor", "es:start_review", ""),
                (33, "editor", "es:reviews", spanish.REVIEWS),
                (35, "reviewer2", "es:approve", spanish.APPROVAL),
                (120, "author", "revise", "A second source for the positive experiences."),
                (121, "author", "edit", CHANGE_SECOND_VERSION),
                (122, "author", "submit", "The research section cites both sources now."),
                (123, "editor", "start_review", "Re-review of a published article."),
                (124, "reviewer", "accept", ""),
                (124, "reviewer2", "accept", ""),
                (125, "reviewer", "review", APPROVING_REVIEW),
                (125, "reviewer2", "review", APPROVING_REVIEW),
                (127, "reviewer", "approve", "The second source supports the sentence."),
                (240, "author", "revise", "Updating the guideline paragraph."),
                (241, "author", "edit", ""),
                (242, "author", "submit", "Small update to the guideline summary."),
                (244, "editor", "start_review", "Re-review of a published article."),
                (245, "reviewer", "accept", ""),
            ],
        ),
        "state": "under_review",
    },
    {
        "title": "How does self-compassion relate to attachment security in adults?",
        "slug": "how-does-self-compassion-relate-to-attachment-security-in-adults",
        "sections": [
            (
                GUIDELINES,
                "Guidance on relational health emphasizes supportive relationships as a "
                "foundation for well-being [@pediatrics2021trauma].",
            ),
            (
                RESEARCH,
                "Secure attachment is associated with a kinder, more accepting attitude toward "
                "the self [@ahd2007positive].",
            ),
        ],
        "reference_keys": ["pediatrics2021trauma", "ahd2007positive"],
        "story": _story(
            at(2025, 9, 8),
            [
                (0, "author", "create", ""),
                (4, "author", "submit", ""),
                (5, "editor", "start_review", ""),
                (
                    11,
                    "editor",
                    "reviews",
                    {
                        "reviewer": (
                            "major",
                            "The guideline section applies a pediatric report to adults.",
                        )
                    },
                ),
                (
                    11,
                    "reviewer",
                    "comment",
                    {
                        "quote": "supportive relationships as a foundation for well-being",
                        "body": "The cited report is about children and adolescents. Say so, "
                        "or cite guidance on adults for this sentence.",
                        "audience": "author",
                    },
                ),
                (
                    12,
                    "reviewer",
                    "request_changes",
                    "The guideline section cites a pediatric report for a claim about adults. "
                    "Please say what the report covers, or move the claim to the research "
                    "section with a source that supports it.",
                ),
            ],
        ),
        "state": "changes_requested",
    },
    {
        "title": "Does attachment style determine the outcome of psychotherapy?",
        "slug": "does-attachment-style-determine-the-outcome-of-psychotherapy",
        "sections": [
            (GUIDELINES, "No guideline addresses this question directly."),
            (
                RESEARCH,
                "Attachment style determines whether psychotherapy succeeds [@ahd2007positive].",
            ),
        ],
        "reference_keys": ["ahd2007positive"],
        "story": _story(
            at(2025, 6, 2),
            [
                (0, "author", "create", ""),
                (3, "author", "submit", ""),
                (4, "editor", "start_review", ""),
                (
                    10,
                    "editor",
                    "reviews",
                    {
                        "reviewer2": (
                            "reject",
                            "The central claim is causal and absolute; the source does not "
                            "support it.",
                        )
                    },
                ),
                (
                    11,
                    "reviewer2",
                    "reject",
                    "The central claim is causal and absolute, and the cited article does not "
                    "support it. The question needs a different evidence base.",
                ),
            ],
        ),
        "state": "rejected",
    },
    {
        "title": "Which questions about childhood adversity belong in an adult primary care visit?",
        "slug": "which-questions-about-childhood-adversity-belong-in-an-adult-primary-care-visit",
        "sections": [
            (
                GUIDELINES,
                "Asking about adversity should come with a plan to respond supportively "
                "[@pediatrics2021trauma].",
            ),
            (RESEARCH, "Relationship experiences shape working models [@pspr2018workingmodels]."),
        ],
        "reference_keys": ["pediatrics2021trauma", "pspr2018workingmodels"],
        "story": _story(
            at(2025, 7, 14),
            [
                (0, "author", "create", ""),
                (2, "author", "submit", ""),
                (
                    6,
                    "author",
                    "withdraw",
                    "Withdrawn: the cited guideline is pediatric; I will rewrite this for adults.",
                ),
            ],
        ),
        "state": "withdrawn",
    },
    {
        "title": "What are safe, stable, and nurturing relationships?",
        "slug": "what-are-safe-stable-and-nurturing-relationships",
        "sections": [
            (
                GUIDELINES,
                "Safe, stable, and nurturing relationships buffer children from the effects of "
                "adversity and are central to trauma-informed care [@pediatrics2021trauma].",
            ),
            (
                RESEARCH,
                "Secure relationships later in life can also strengthen attachment security "
                "[@pspr2018workingmodels].",
            ),
        ],
        "reference_keys": ["pediatrics2021trauma", "pspr2018workingmodels"],
        "story": _story(
            at(2024, 4, 8),
            [
                (0, "author", "create", ""),
                (3, "author", "submit", ""),
                (4, "editor", "start_review", ""),
                (5, "editor", "reviews", APPROVING_REVIEWS),
                (9, "reviewer", "approve", ""),
                (
                    400,
                    "editor",
                    "archive",
                    "Retired: an updated article on trauma-informed care is in preparation.",
                ),
            ],
        ),
        "state": "archived",
    },
]

# Topics readers browse by (editors file articles under them in the admin, and name them in the
# site's other languages). Only published articles show on a topic's page; the others are filed
# too, as an editor would file them.
TOPICS = [
    {
        "name": "Attachment",
        "slug": "attachment",
        "description": "How attachment styles form in childhood and change in adulthood.",
        "translations": {
            "es": {
                "name": "Apego",
                "description": "Cómo se forman los estilos de apego en la infancia y cómo "
                "cambian en la edad adulta.",
            }
        },
        "articles": [
            SEED_SLUG,
            "how-can-clinicians-recognize-insecure-attachment-patterns-in-adult-patients",
            "can-adult-attachment-style-change-over-time",
            "how-does-self-compassion-relate-to-attachment-security-in-adults",
            "does-attachment-style-determine-the-outcome-of-psychotherapy",
        ],
    },
    {
        "name": "Psychotherapy",
        "slug": "psychotherapy",
        "description": "The therapeutic relationship and attachment-informed therapy.",
        "translations": {
            "es": {
                "name": "Psicoterapia",
                "description": "La relación terapéutica y la terapia basada en el apego.",
            }
        },
        "articles": [SEED_SLUG, "does-attachment-style-determine-the-outcome-of-psychotherapy"],
    },
    {
        "name": "Trauma-informed care",
        "slug": "trauma-informed-care",
        "description": "Recognizing and responding to childhood adversity in practice.",
        "translations": {
            "es": {
                "name": "Atención informada sobre el trauma",
                "description": "Reconocer la adversidad infantil y responder a ella en la "
                "práctica.",
            }
        },
        "articles": [
            "what-does-trauma-informed-care-mean-in-everyday-pediatric-practice",
            "which-questions-about-childhood-adversity-belong-in-an-adult-primary-care-visit",
            "what-are-safe-stable-and-nurturing-relationships",
        ],
    },
]

# The specialties the board reviews, and the topics that call for each (for reviewer matching).
SPECIALTIES = [
    {"name": "Pediatrics", "topics": ["attachment", "trauma-informed-care"]},
    {"name": "Psychiatry", "topics": ["attachment", "psychotherapy"]},
    {"name": "Psychotherapy", "topics": ["psychotherapy"]},
]

CHANGE_SLUG = "can-adult-attachment-style-change-over-time"
# The pages load_demo prints to open (the translations' slugs are translation_create's).
PAGES = [
    (SEED_SLUG, "the seed article"),
    (
        f"{SEED_SLUG}-es",
        "its Spanish translation, approved by the board members who review in Spanish",
    ),
    (f"{CHANGE_SLUG}-es", "a Spanish translation out of date: its original has a newer version"),
]
