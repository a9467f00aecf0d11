"""Generate N realistic approved articles, for measuring the site at scale.

    python manage.py generate_articles --count 100000 [--prolific 500] [--seed 1]

Each article has a working copy of three sections citing works of a shared reference library,
topics, one or two revisions (a third of them were updated once: the first revision approved,
then a second one approved and live), and for each revision the whole review as the workflow
writes it: the steps in the audit log (submit, start review, approve; revise before an update),
a closed review round, two board members invited who accepted, declared no conflict and
recommended approval, and the policy and disclaimer versions in force. django-simple-history
rows are written for articles (created, then approved), sections, reference lists, references
and invitations, as the services would have written them.

Rows are written with bulk inserts in batches (fast enough for 100,000 articles on PostgreSQL:
a few minutes); nothing is sent. ``--prolific N`` gives one author ("prolific") N of the
articles, for measuring /write/. Refuses to run with DEBUG off unless --yes is given.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, ArticleReference, ArticleRevision, Section, Topic
from editorial.caching import published_state_changed
from editorial.history import record_change
from editorial.models import (
    AUTHORS,
    BOARD_MEMBERS,
    EDITORS,
    BoardMember,
    ConflictAnswer,
    InvitationStatus,
    Recommendation,
    Review,
    ReviewInvitation,
    ReviewRound,
    RoundKind,
    RoundOutcome,
    Step,
    TransitionLog,
    User,
)
from editorial.policy import policy_in_force
from editorial.workflow import ReviewState, add_months, step_reason
from references.models import Reference, ReferenceKind

BATCH = 1000

CONDITIONS = [
    "asthma", "atopic dermatitis", "otitis media", "bronchiolitis", "croup", "anaphylaxis",
    "type 1 diabetes", "type 2 diabetes", "obesity", "hypertension", "migraine", "epilepsy",
    "febrile seizures", "ADHD", "autism", "depression", "anxiety", "insomnia", "enuresis",
    "constipation", "gastroenteritis", "coeliac disease", "reflux", "urinary tract infection",
    "pneumonia", "sepsis", "meningitis", "Kawasaki disease", "iron deficiency anaemia",
    "sickle cell disease", "acne", "psoriasis", "scabies", "head lice", "concussion",
    "scoliosis", "Perthes disease", "juvenile arthritis", "food allergy", "peanut allergy",
    "hay fever", "tonsillitis", "sinusitis", "conjunctivitis", "amblyopia", "hearing loss",
    "speech delay", "stuttering", "eating disorders", "self-harm", "bullying", "grief",
    "attachment difficulties", "trauma", "neonatal jaundice", "colic", "teething", "vaccination",
    "measles", "chickenpox",
]  # fmt: skip
POPULATIONS = [
    "infants", "toddlers", "preschool children", "school-age children", "adolescents",
    "young adults", "adults", "older adults", "pregnant women", "new parents",
]  # fmt: skip
QUESTIONS = [
    "What is the first-line treatment for {c} in {p}?",
    "How should {c} be diagnosed in {p}?",
    "When should {p} with {c} be referred to a specialist?",
    "What factors contribute to {c} in {p}?",
    "How can {c} be prevented in {p}?",
    "What are the warning signs of {c} in {p}?",
    "How is {c} in {p} managed at home?",
    "What does the evidence say about screening {p} for {c}?",
]
SENTENCES = [
    "Current guidance recommends a structured assessment of {c} before any treatment starts",
    "Clinicians should explain to families how {c} usually progresses in {p}",
    "Most {p} with {c} improve with supportive care and regular review",
    "Red flags include rapid deterioration, dehydration and persistent high fever",
    "Shared decision-making improves adherence and satisfaction with care",
    "The evidence for routine medication in {p} is weaker than for behavioural measures",
    "Follow-up within four to six weeks allows the response to be reviewed",
    "Parents and carers benefit from written information about {c}",
    "Observational studies link early intervention with better long-term outcomes",
    "Randomised trials show a modest benefit that varies with age and severity",
    "Reviews highlight the lack of high-quality trials in {p}",
    "Primary care can manage most cases without specialist referral",
]
JOURNALS = [
    "Pediatrics", "The Lancet", "BMJ", "JAMA Pediatrics", "Archives of Disease in Childhood",
    "NICE", "WHO", "Cochrane Database of Systematic Reviews", "Journal of Pediatrics",
    "Attachment & Human Development",
]  # fmt: skip
KINDS = list(ReferenceKind.values)
HEADINGS = ["From the Guidelines", "From the Research", "In practice"]
TOPIC_DESCRIPTION = "Articles generated for measuring the site at scale."


class Command(BaseCommand):
    help = "Generate N realistic approved articles (with reviews and history) for scale tests."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--prolific", type=int, default=0, help="Articles of one author.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--yes", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args: Any, count: int, prolific: int, seed: int, yes: bool, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if prolific > count:
            raise CommandError("--prolific cannot exceed --count.")
        if not settings.DEBUG and not yes:
            raise CommandError(
                "DEBUG is off: this fills the database with made-up articles. "
                "Add --yes if this database is meant for it."
            )
        started = time.monotonic()
        generator = Generator(random.Random(seed), stdout=self.stdout)
        generator.prepare(count=count, prolific=prolific)
        for offset in range(0, count, BATCH):
            with transaction.atomic():
                generator.batch(offset, min(BATCH, count - offset), prolific=prolific)
            if (offset // BATCH) % 10 == 9:
                self.stdout.write(f"  {offset + BATCH:,} articles…")
        published_state_changed()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Generated {count:,} approved articles in {time.monotonic() - started:.0f} s."
        )


class Generator:
    def __init__(self, rng: random.Random, stdout: Any) -> None:
        self.rng, self.stdout = rng, stdout
        self.now = timezone.now()
        self.run = uuid.uuid4().hex[:8]

    # Who writes and reviews, and what they cite ------------------------------------------

    def prepare(self, *, count: int, prolific: int) -> None:
        """The people and topics: those of an earlier run when there is one (so that runs add
        up: the board and the topics stay the same), created otherwise."""
        password = make_password(None)
        self.policy = policy_in_force()
        earlier = User.objects.filter(username__startswith="gen-")
        self.authors = list(earlier.filter(username__contains="-author"))
        if len(self.authors) < max(20, count // 500):
            self.authors += self._users("author", max(20, count // 500), AUTHORS, password)
        self.prolific = User.objects.filter(username="prolific").first()
        if prolific and self.prolific is None:
            self.prolific = self._users("prolific", 1, AUTHORS, password, numbered=False)[0]
        self.board = list(BoardMember.objects.filter(user__username__startswith="gen-"))
        if not self.board:
            board_users = self._users("board", 12, BOARD_MEMBERS, password, staff=True)
            self.board = BoardMember.objects.bulk_create(
                [
                    BoardMember(
                        user=user,
                        display_name=f"Dr. {user.first_name} {user.last_name}",
                        credentials=self.rng.choice(["MD", "MD, PhD", "MBBS", "MD, FAAP"]),
                        specialty=self.rng.choice(
                            ["Paediatrics", "Psychiatry", "General practice"]
                        ),
                    )
                    for user in board_users
                ]
            )
            BoardMember.history.bulk_history_create(self.board, default_date=self.now)
        self.editor = (
            earlier.filter(username__contains="-editor").first()
            or self._users("editor", 1, EDITORS, password, staff=True)[0]
        )
        library = max(200, count // 5)
        references = [
            Reference(
                key=f"gen{self.run}r{number}",
                kind=self.rng.choice(KINDS),
                title=f"{self.rng.choice(CONDITIONS).capitalize()} in "
                f"{self.rng.choice(POPULATIONS)}: a study, part {number}.",
                authors="Smith J, Jones K",
                journal=self.rng.choice(JOURNALS),
                year=self.rng.randint(2012, 2025),
                doi=f"10.5555/gen.{self.run}.{number}",
            )
            for number in range(library)
        ]
        self.references = []
        for reference in references:
            reference.fill_keys()  # bulk_create does not call save()
        for start in range(0, library, 5000):
            created = Reference.objects.bulk_create(references[start : start + 5000])
            Reference.history.bulk_history_create(created, default_date=self.now)
            self.references.extend(created)
        self.snapshots = {reference.pk: reference.snapshot() for reference in self.references}
        self.topics = list(Topic.objects.filter(description=TOPIC_DESCRIPTION))
        if not self.topics:
            self.topics = Topic.objects.bulk_create(
                [
                    Topic(
                        name=f"{condition.capitalize()} ({self.run})",
                        slug=slugify(f"{condition}-{self.run}"),
                        description=TOPIC_DESCRIPTION,
                    )
                    for condition in CONDITIONS[:30]
                ]
            )

    def _users(
        self, role: str, number: int, group: str, password: str, *, staff=False, numbered=True
    ) -> list[User]:
        users = User.objects.bulk_create(
            [
                User(
                    username=f"gen-{self.run}-{role}{index}" if numbered else role,
                    first_name=self.rng.choice(["Ana", "Ben", "Chen", "Dara", "Eli", "Femi"]),
                    last_name=self.rng.choice(["Okafor", "Raman", "Silva", "Nowak", "Kim"]),
                    email=f"{role}{index}.{self.run}@example.org",
                    password=password,
                    is_staff=staff,
                )
                for index in range(number)
            ]
        )
        through = User.groups.through
        group_pk = Group.objects.get(name=group).pk
        through.objects.bulk_create([through(user_id=user.pk, group_id=group_pk) for user in users])
        return users

    # One batch of articles ---------------------------------------------------------------

    def batch(self, offset: int, size: int, *, prolific: int) -> None:
        rng = self.rng
        plans = []
        for index in range(offset, offset + size):
            condition, population = rng.choice(CONDITIONS), rng.choice(POPULATIONS)
            title = rng.choice(QUESTIONS).format(c=condition, p=population)
            title = title[0].upper() + title[1:]
            first = self.now - timedelta(days=rng.randint(30, 3 * 365), minutes=index % 1440)
            updated = rng.random() < 1 / 3
            cited = rng.sample(self.references, rng.randint(3, 6))
            plans.append(
                {
                    "title": title,
                    "slug": f"{slugify(title)[:200]}-{self.run}-{index}",
                    "author": self.prolific if index < prolific else rng.choice(self.authors),
                    "condition": condition,
                    "population": population,
                    "cited": cited,
                    "approvals": [first]
                    + ([first + timedelta(days=rng.randint(20, 300))] if updated else []),
                    "reviewers": rng.sample(self.board, 2),
                    "topics": rng.sample(self.topics, rng.randint(1, 2)),
                }
            )
        for plan in plans:
            plan["sections"] = self._sections(plan)
        articles = Article.objects.bulk_create(
            [
                Article(
                    title=plan["title"],
                    slug=plan["slug"],
                    author=plan["author"],
                    status=ReviewState.APPROVED,
                    created_at=plan["approvals"][0] - timedelta(days=14),
                    last_reviewed_at=plan["approvals"][-1],
                    next_review_due=add_months(timezone.localdate(plan["approvals"][-1]), 12),
                    version=len(plan["approvals"]) * 2,
                )
                for plan in plans
            ]
        )
        for article, plan in zip(articles, plans, strict=True):
            plan["article"] = article
        self._working_copies(plans)
        self._reviews(plans)
        self._history(plans)
        topic_links = Topic.articles.through
        topic_links.objects.bulk_create(
            [
                topic_links(topic_id=topic.pk, article_id=plan["article"].pk)
                for plan in plans
                for topic in plan["topics"]
            ]
        )

    def _sections(self, plan: dict) -> list[tuple[str, str]]:
        keys = [reference.key for reference in plan["cited"]]
        sections = []
        for position, heading in enumerate(HEADINGS):
            sentences = self.rng.sample(SENTENCES, 3)
            body = " ".join(
                f"{sentence.format(c=plan['condition'], p=plan['population'])} "
                f"[@{keys[(position * 3 + number) % len(keys)]}]."
                for number, sentence in enumerate(sentences)
            )
            sections.append((heading, body))
        return sections

    def _working_copies(self, plans: list[dict]) -> None:
        sections = Section.objects.bulk_create(
            [
                Section(article=plan["article"], position=position, heading=heading, body=body)
                for plan in plans
                for position, (heading, body) in enumerate(plan["sections"], start=1)
            ]
        )
        listed = ArticleReference.objects.bulk_create(
            [
                ArticleReference(
                    article=plan["article"],
                    reference=reference,
                    added_at=plan["article"].created_at,
                )
                for plan in plans
                for reference in plan["cited"]
            ]
        )
        for row in [*sections, *listed]:
            record_change(row, by=row.article.author, at=row.article.created_at)
        Section.history.bulk_history_create(sections)
        ArticleReference.history.bulk_history_create(listed)

    def _reviews(self, plans: list[dict]) -> None:
        """Each revision with its whole review: the steps in the audit log, a closed round, two
        invitations accepted without conflict and their approving reviews; the last one live."""
        self._revisions(plans)
        logs = self._transition_logs(plans)
        decisions = {
            (log.article_id, log.revision_id): log for log in logs if log.action == "approve"
        }
        self._rounds(plans, decisions)
        self._invitations_and_reviews(plans)
        self._make_live(plans)

    def _revisions(self, plans: list[dict]) -> None:
        revisions = []
        for plan in plans:
            article = plan["article"]
            snapshot = {
                "sections": [{"heading": h, "body": b} for h, b in plan["sections"]],
                "references": [self.snapshots[reference.pk] for reference in plan["cited"]],
            }
            plan["revisions"] = []
            for number, approved_at in enumerate(plan["approvals"], start=1):
                submitted_at = approved_at - timedelta(days=10)
                revision = ArticleRevision(
                    article=article,
                    number=number,
                    title=plan["title"]
                    if number == len(plan["approvals"])
                    else plan["title"].replace("?", " (first version)?"),
                    sections=snapshot["sections"],
                    references=snapshot["references"],
                    change_summary="" if number == 1 else "Updated to reflect the latest guidance.",
                    created_by=article.author,
                    created_at=submitted_at,
                    approved_at=approved_at,
                    approved_by=plan["reviewers"][0].user,
                    policy_version=self.policy.version if self.policy else None,
                    disclaimer_version=self.policy.disclaimer_version if self.policy else None,
                )
                revisions.append(revision)
                plan["revisions"].append(revision)
        ArticleRevision.objects.bulk_create(revisions)

    def _transition_logs(self, plans: list[dict]) -> list[TransitionLog]:
        logs = []
        for plan in plans:
            article = plan["article"]
            for number, revision in enumerate(plan["revisions"], start=1):
                steps = [
                    ("submit", "draft", "submitted", article.author, 10),
                    ("start_review", "submitted", "under_review", self.editor, 9),
                    ("approve", "under_review", "approved", plan["reviewers"][0].user, 0),
                ]
                if number > 1:
                    steps.insert(0, ("revise", "approved", "draft", article.author, 30))
                for action, source, target, actor, days_before in steps:
                    logs.append(
                        TransitionLog(
                            article=article,
                            revision=revision,
                            action=action,
                            source=source,
                            target=target,
                            actor=actor,
                            comment="Approved by the board." if action == "approve" else "",
                            created_at=revision.approved_at - timedelta(days=days_before),
                        )
                    )
        TransitionLog.objects.bulk_create(logs)
        return logs

    def _rounds(self, plans: list[dict], decisions: dict[tuple[int, int], TransitionLog]) -> None:
        rounds = []
        for plan in plans:
            plan["rounds"] = []
            for number, revision in enumerate(plan["revisions"], start=1):
                plan["rounds"].append(
                    ReviewRound(
                        article=plan["article"],
                        number=number,
                        kind=RoundKind.SUBMISSION,
                        revision=revision,
                        opened_at=revision.approved_at - timedelta(days=9),
                        closed_at=revision.approved_at,
                        outcome=RoundOutcome.APPROVED,
                        decision=decisions[(plan["article"].pk, revision.pk)],
                    )
                )
                rounds.append(plan["rounds"][-1])
        ReviewRound.objects.bulk_create(rounds)

    def _invitations_and_reviews(self, plans: list[dict]) -> None:
        invitations = []
        for plan in plans:
            for review_round in plan["rounds"]:
                for member in plan["reviewers"]:
                    invitation = ReviewInvitation(
                        round=review_round,
                        reviewer=member,
                        invited_by=self.editor,
                        invited_at=review_round.opened_at,
                        due_date=timezone.localdate(review_round.opened_at) + timedelta(days=14),
                        status=InvitationStatus.REVIEWED,
                        responded_at=review_round.opened_at + timedelta(days=1),
                        conflict=ConflictAnswer.NONE,
                        conflict_declared_at=review_round.opened_at + timedelta(days=1),
                    )
                    invitations.append(
                        record_change(invitation, by=self.editor, at=review_round.opened_at)
                    )
        ReviewInvitation.objects.bulk_create(invitations)
        ReviewInvitation.history.bulk_history_create(invitations)
        Review.objects.bulk_create(
            [
                Review(
                    invitation=invitation,
                    recommendation=Recommendation.APPROVE,
                    claims_supported="yes",
                    guidelines_current="yes",
                    safety_accurate="n/a",
                    language_suitable="yes",
                    comments_for_author="Clear, balanced and well sourced.",
                    submitted_at=invitation.invited_at + timedelta(days=5),
                )
                for invitation in invitations
            ]
        )

    def _make_live(self, plans: list[dict]) -> None:
        live = {plan["article"].pk: plan["revisions"][-1].pk for plan in plans}
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE articles_article SET live_revision_id = %s WHERE id = %s",
                [(revision_pk, article_pk) for article_pk, revision_pk in live.items()],
            )
        for plan in plans:
            plan["article"].live_revision_id = live[plan["article"].pk]

    def _history(self, plans: list[dict]) -> None:
        created, approved = [], []
        for plan in plans:
            article = plan["article"]
            draft = Article(
                pk=article.pk,
                title=article.title,
                slug=article.slug,
                author=article.author,
                status=ReviewState.DRAFT,
                created_at=article.created_at,
                version=1,
            )
            created.append(record_change(draft, by=article.author, at=article.created_at))
            approver, approved_at = plan["reviewers"][0].user, plan["approvals"][-1]
            approved.append(
                record_change(
                    article, by=approver, reason=step_reason(Step.APPROVE), at=approved_at
                )
            )
        Article.history.bulk_history_create(created)
        Article.history.bulk_history_create(approved, update=True)
