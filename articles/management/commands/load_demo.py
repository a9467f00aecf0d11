"""Load the demo content: accounts, the board, the seed article and one article in each state.

Every step runs through the real services at the moment the story says it happened (time is
moved with time-machine), so the demo's history is the one the product would have written.
Safe to run again: what exists already is left alone. Refuses to run with DEBUG off.
"""

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.demo import content
from articles.models import Article, Topic, TopicTranslation
from articles.services import article_create, article_update
from articles.topics import topic_specialties_set
from articles.translations import translation_create
from editorial import notifications, webhooks
from editorial.comments import comment_act, comment_add
from editorial.history import save_with_history
from editorial.models import (
    BoardMember,
    ChecklistAnswer,
    ClaimVerdict,
    PassageComment,
    ReviewInvitation,
    Specialty,
)
from editorial.reviews import (
    invitation_accept,
    invitation_declare_conflict,
    invitations_create,
    review_submit,
)
from editorial.workflow import article_transition
from references.models import Reference
from references.services import reference_create

# The story's steps on comments on passages (payloads: see articles.demo.content).
COMMENT_STEPS = ("comment", "reply", "resolve")


class Command(BaseCommand):
    help = "Load the demo accounts and articles (local development only; needs DEBUG on)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Demo content and its accounts (password 'demo') are for local work only: "
                "refusing to load them with DEBUG off."
            )
        # The story's notifications and webhooks went out when it happened; loading it queues
        # nothing now.
        with notifications.muted(), webhooks.muted(), transaction.atomic():
            users = self._accounts()
            self._references(users["editor"])
            created = [
                self._article(
                    users,
                    title=content.SEED_TITLE,
                    slug=content.SEED_SLUG,
                    sections=content.SEED_FIRST_DRAFT,
                    revised_sections=content.SEED_SECTIONS,
                    reference_keys=content.SEED_REFERENCE_KEYS,
                    story=content.SEED_STORY,
                )
            ]
            for demo in content.OTHER_ARTICLES:
                created.append(
                    self._article(
                        users,
                        title=demo["title"],
                        slug=demo["slug"],
                        sections=demo["sections"],
                        revised_sections=demo.get("revised_sections", demo["sections"]),
                        reference_keys=demo["reference_keys"],
                        story=demo["story"],
                    )
                )
            self._topics(users["editor"])
            self._specialties(users["editor"])
        loaded = sum(created)
        self.stdout.write(
            f"Demo content: {loaded} article(s) loaded, {len(created) - loaded} already there."
        )
        self._pages()
        self.stdout.write("Demo accounts (password 'demo'):")
        for account in content.ACCOUNTS:  # as the README's table of demo accounts says
            self.stdout.write(f"  {account['username']:<10} {account['role']}")

    def _accounts(self) -> dict:
        User = get_user_model()
        users = {}
        for account in content.ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=account["username"],
                defaults={
                    "first_name": account["first_name"],
                    "last_name": account["last_name"],
                    "email": account["email"],
                    "is_staff": account["is_staff"],
                },
            )
            if created:
                user.set_password(content.DEMO_PASSWORD)
                user.save()
                user.groups.set(Group.objects.filter(name__in=account["groups"]))
            if "board" in account and not BoardMember.objects.filter(user=user).exists():
                member = save_with_history(BoardMember(user=user, **account["board"]), by=user)
                member.specialties.set(
                    Specialty.objects.get_or_create(name=name)[0]
                    for name in account.get("specialties", [])
                )
            users[user.username] = user
        return users

    def _references(self, editor) -> None:
        for data in content.REFERENCES:
            if not Reference.objects.filter(key=data["key"]).exists():
                with time_machine.travel(content.at(2025, 1, 20), tick=False):
                    reference_create(by=editor, **data)

    def _article(
        self, users, *, title, slug, sections, revised_sections, reference_keys, story
    ) -> bool:
        """Tell the article's story; a step ``"<language>:<action>"`` is its translation's
        into that language (``translate`` starts it, written as the payload says)."""
        if Article.objects.filter(slug=slug).exists():
            return False
        text = {
            "title": title,
            "slug": slug,
            "sections": sections,
            "revised_sections": revised_sections,
            "reference_keys": reference_keys,
        }
        versions: dict[str, Article] = {}  # "" the original, a language code its translation
        for moment, username, step, comment in story:
            language, _, action = step.rpartition(":")
            with time_machine.travel(moment, tick=False):
                versions[language] = self._step(
                    versions.get(language),
                    users=users,
                    by=users[username],
                    action=action,
                    comment=comment,
                    text=text,
                    original=versions.get(""),
                    language=language,
                )
        return True

    def _step(self, article, *, users, by, action, comment, text, original, language):
        if action == "create":
            return article_create(
                author=by,
                title=text["title"],
                slug=text["slug"],
                sections=text["sections"],
                reference_keys=text["reference_keys"],
            )
        if action == "translate":
            translation = translation_create(source=original, language=language, by=by)
            return article_update(
                article=translation, by=by, title=comment["title"], sections=comment["sections"]
            )
        if action == "edit":  # the revised text, or the version the story gives
            return article_update(
                article=article, by=by, sections=comment or text["revised_sections"]
            )
        if action == "invite":
            members = [users[name].board_member for name in comment]
            invitations_create(article=article, reviewers=members, by=by)
        elif action == "accept":
            self._accept(article, by)
        elif action == "review":
            self._review(article, by, **comment)
        elif action in COMMENT_STEPS:
            self._comment(article, by, action, comment)
        elif action == "reviews":
            for name, (recommendation, review_text) in comment.items():
                self._accept(article, users[name], invite_by=by)
                self._review(
                    article,
                    users[name],
                    recommendation=recommendation,
                    comments_for_author=review_text,
                )
        else:
            return article_transition(
                article=article, action=action, by=by, comment=comment
            ).article
        return article

    def _pages(self) -> None:
        """The public pages the demo shows off, as the README's Quick start names them."""
        self.stdout.write("Pages to open:")
        for slug, what in content.PAGES:
            article = Article.objects.filter(slug=slug).first()
            if article is not None and article.is_published:
                self.stdout.write(f"  {article.get_absolute_url()}  {what}")

    @staticmethod
    def _comment(article, by, action, payload) -> None:
        """A comment on a passage of the revision under review, or a reply to, or the
        resolution of, the comment on the passage ``payload["quote"]``."""
        if action == "comment":
            comment_add(
                article=article,
                revision=article.latest_revision(),
                by=by,
                quote=payload["quote"],
                body=payload["body"],
                audience=payload["audience"],
            )
            return
        comment = PassageComment.objects.of_article(article).get(quote=payload["quote"])
        comment_act(comment=comment, by=by, what=action, body=payload.get("body", ""))

    @staticmethod
    def _specialties(editor) -> None:
        """The board's specialties and the topics that call for them, as the editor maps them
        (once: a second run leaves them as they are)."""
        for data in content.SPECIALTIES:
            specialty, _ = Specialty.objects.get_or_create(name=data["name"])
            if not specialty.topics.exists():
                topics = Topic.objects.filter(slug__in=data["topics"])
                topic_specialties_set(specialty=specialty, topics=topics, by=editor)

    @staticmethod
    def _topics(editor) -> None:
        """The topics, their articles and their names in the other languages, as the editor
        gives them (a name a second run finds is left as it is)."""
        for data in content.TOPICS:
            topic, _ = Topic.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"]},
            )
            topic.articles.add(*Article.objects.filter(slug__in=data["articles"]))
            for language, text in data.get("translations", {}).items():
                if not topic.translations.filter(language=language).exists():
                    save_with_history(
                        TopicTranslation(topic=topic, language=language, **text), by=editor
                    )

    @staticmethod
    def _invitation(article, user):
        return ReviewInvitation.objects.pending().of_user(user).get(round__article=article)

    def _accept(self, article, user, invite_by=None) -> None:
        if invite_by is not None:
            invitations_create(article=article, reviewers=[user.board_member], by=invite_by)
        invitation = self._invitation(article, user)
        invitation_accept(invitation=invitation, by=user)
        invitation_declare_conflict(invitation=invitation, by=user, has_conflict=False)

    def _review(self, article, user, *, recommendation, comments_for_author, **extra) -> None:
        invitation = self._invitation(article, user)
        review_submit(
            invitation=invitation,
            by=user,
            recommendation=recommendation,
            claims_supported=ChecklistAnswer.YES,
            guidelines_current=ChecklistAnswer.YES,
            safety_accurate=ChecklistAnswer.NOT_APPLICABLE,
            language_suitable=ChecklistAnswer.YES,
            comments_for_author=comments_for_author,
            # The demo's reviewers checked every cited claim against its source.
            claim_checks={
                claim.fingerprint: (ClaimVerdict.SUPPORTED, "")
                for claim in invitation.round.revision.claims()
            },
            **extra,
        )
