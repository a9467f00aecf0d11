"""Forms of the board's review in the admin. They validate input; the services in
``editorial.reviews`` and ``editorial.workflow`` decide and act."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings

from editorial.claims import Claim
from editorial.languages import configured_languages, languages_read, languages_stored
from editorial.matching import eligible_members
from editorial.models import (
    BoardMember,
    ClaimVerdict,
    CommentAudience,
    EditorialPolicyTranslation,
    Review,
)
from editorial.policy import translation_problems
from editorial.workflow import ReviewWorkflow, approval_open_claims_question, review_due_date


class BoardMemberForm(forms.ModelForm):
    """A board member in the admin, with the languages they review in as checkboxes (stored as
    ``editorial.languages`` codes)."""

    review_languages = forms.MultipleChoiceField(
        label="Languages reviewed in",
        choices=configured_languages,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only members who review in an article's language are offered and invited to "
        "review it, and count toward its quorum.",
    )

    class Meta:
        model = BoardMember
        fields = [
            "user",
            "display_name",
            "credentials",
            "specialty",
            "specialties",
            "review_languages",
            "bio",
            "active",
            "external",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.initial.get("review_languages")
        if isinstance(stored, str):
            self.initial["review_languages"] = languages_read(stored)
        elif callable(stored):
            self.initial["review_languages"] = languages_read(stored())

    def clean_review_languages(self) -> str:
        return languages_stored(self.cleaned_data["review_languages"])


class InviteForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=BoardMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Active board members who are not authors of the article.",
    )
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, article: ReviewWorkflow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = eligible_members(article)
        self.fields["due_date"].initial = review_due_date()


class GuestInviteForm(forms.Form):
    """A specialist from outside the board (editorial.guests): the service checks the rest."""

    name = forms.CharField(max_length=200, help_text="As readers will see it, e.g. Dr. Ana Ruiz.")
    credentials = forms.CharField(max_length=100, help_text="e.g. MD, PhD")
    specialty = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(max_length=254, help_text="Their sign-in link is sent here.")
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_date"].initial = review_due_date()


class ReplaceForm(forms.Form):
    new_reviewer = forms.ModelChoiceField(
        queryset=BoardMember.objects.none(),
        required=False,
        empty_label="Release without replacement",
    )
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, article: ReviewWorkflow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_reviewer"].queryset = eligible_members(article)


class AddressForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How the 'reject' recommendation was addressed.",
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this article?",
        choices=[("no", "No conflict of interest"), ("yes", "Yes, I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="If you have one, describe it (financial, personal, professional).",
    )
    interests = forms.CharField(
        label="Interests to disclose (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="With no conflict: ties that do not stop you reviewing (e.g. speaker fees in "
        "another field). The board decides what readers see.",
    )


class DisclosureForm(forms.Form):
    text = forms.CharField(
        label="Published disclosure",
        required=False,
        max_length=500,
        help_text="Shown beside the reviewer's name; empty shows “No conflicts of interest "
        "declared”.",
    )


MARK_BEFORE_COMMENTING = "Mark the claim before commenting on it."


class ReviewForm(forms.ModelForm):
    """The structured review. Each question is a required choice with nothing chosen for the
    member in advance: the model's blank "---------" choice is not offered."""

    QUESTIONS = (
        "recommendation",
        "claims_supported",
        "guidelines_current",
        "safety_accurate",
        "language_suitable",
    )

    def __init__(
        self,
        *args: Any,
        claims: Sequence[Claim] = (),
        carried: Mapping[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in self.QUESTIONS:
            field = self.fields[name]
            field.choices = [(value, label) for value, label in field.choices if value != ""]
        self.claims = list(claims)
        self.carried = dict(carried or {})
        self.fields["confirm_open_claims"] = forms.BooleanField(
            label="I recommend approval with these claims open",
            required=False,
        )
        for number in range(1, len(self.claims) + 1):
            self.fields[f"claim_{number}"] = forms.ChoiceField(
                label=f"Claim {number}",
                choices=ClaimVerdict.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"claim_{number}_comment"] = forms.CharField(
                label=f"Comment on claim {number} (optional, for the board)",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if self.instance.pk:  # a review being amended: its verdicts as they stand
            given = {check.fingerprint: check for check in self.instance.claim_checks.all()}
            for number, claim in enumerate(self.claims, start=1):
                if claim.fingerprint in given:
                    self.fields[f"claim_{number}"].initial = given[claim.fingerprint].verdict
                    self.fields[f"claim_{number}_comment"].initial = given[
                        claim.fingerprint
                    ].comment

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for number in range(1, len(self.claims) + 1):
            if cleaned.get(f"claim_{number}_comment", "").strip() and not cleaned.get(
                f"claim_{number}"
            ):
                self.add_error(f"claim_{number}", MARK_BEFORE_COMMENTING)
        if self.errors or cleaned.get("confirm_open_claims"):
            return cleaned
        question = approval_open_claims_question(
            recommendation=cleaned.get("recommendation", ""),
            claims_supported=cleaned.get("claims_supported", ""),
            claims=self.claims,
            verdicts={
                fingerprint: verdict for fingerprint, (verdict, _) in self.claim_checks().items()
            },
            carried=self.carried,
        )
        if question:
            self.add_error("confirm_open_claims", question)
        return cleaned

    @property
    def asks_to_confirm(self) -> bool:
        """Whether the form shows the confirmation of an approval with open claims: once it has
        asked for it (or it was given)."""
        return bool(self["confirm_open_claims"].errors or self["confirm_open_claims"].value())

    @property
    def claim_rows(self) -> list[tuple[int, Claim, forms.BoundField, forms.BoundField, int | None]]:
        """Each claim with its verdict and comment fields, and the earlier round in which a
        reviewer marked it supported while it read the same (None: not checked before)."""
        return [
            (
                number,
                claim,
                self[f"claim_{number}"],
                self[f"claim_{number}_comment"],
                self.carried.get(claim.fingerprint),
            )
            for number, claim in enumerate(self.claims, start=1)
        ]

    def claim_checks(self) -> dict[str, tuple[str, str]]:
        """The verdicts given, by claim fingerprint, with their comments."""
        return {
            claim.fingerprint: (
                self.cleaned_data[f"claim_{number}"],
                self.cleaned_data[f"claim_{number}_comment"],
            )
            for number, claim in enumerate(self.claims, start=1)
            if self.cleaned_data.get(f"claim_{number}")
        }

    def review_fields(self) -> dict[str, Any]:
        """The structured review itself: the model's fields, without the claims."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    @property
    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.QUESTIONS]

    @property
    def comments(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields if name not in self.QUESTIONS]

    class Meta:
        model = Review
        fields = [
            "recommendation",
            "claims_supported",
            "guidelines_current",
            "safety_accurate",
            "language_suitable",
            "comments_for_author",
            "confidential_comments",
        ]
        widgets = {
            "recommendation": forms.RadioSelect,
            "claims_supported": forms.RadioSelect,
            "guidelines_current": forms.RadioSelect,
            "safety_accurate": forms.RadioSelect,
            "language_suitable": forms.RadioSelect,
            "comments_for_author": forms.Textarea(attrs={"rows": 8}),
            "confidential_comments": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"comments_for_author": "Comments for the author"}
        help_texts = {
            "comments_for_author": "The author reads these with the board's decision, "
            "without your name.",
            "confidential_comments": "Only the board and the editors read these; never the author.",
        }


class PassageCommentForm(forms.Form):
    """A comment on a passage. Selecting words of the revision fills ``quote``, ``section`` and
    ``offset`` (``static/js/passage-comments.js``); without a script the reviewer pastes the
    words and may choose the section. Whether the words are in the revision, and everything
    else, is the service's to say (``editorial.comments.comment_add``)."""

    quote = forms.CharField(
        label="The passage",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-passage": "quote"}),
        help_text="Select words in the revision to fill this in, or paste them as the revision "
        "reads them (citation numbers left out).",
    )
    section = forms.TypedChoiceField(
        label="In the section",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"data-passage": "section"}),
        help_text="Where the words appear more than once, the section meant.",
    )
    offset = forms.IntegerField(
        required=False, min_value=0, widget=forms.HiddenInput(attrs={"data-passage": "offset"})
    )
    audience = forms.ChoiceField(
        label="Who reads it", choices=CommentAudience.choices, widget=forms.RadioSelect
    )
    body = forms.CharField(
        label="Your comment", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, sections: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Any section"), *enumerate(sections)]
        self.fields["audience"].initial = CommentAudience.AUTHOR


class CommentReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PolicyTranslationForm(forms.ModelForm):
    """A policy version's translation into one of the site's other languages; the refusals
    are ``editorial.policy.translation_problems``'s, shown before anything is saved."""

    language = forms.ChoiceField(choices=())

    class Meta:
        model = EditorialPolicyTranslation
        fields = ["policy", "language", "body", "disclaimer"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        problems = translation_problems(
            policy=data["policy"],
            language=data["language"],
            body=data["body"],
            disclaimer=data["disclaimer"],
        )
        if problems:
            raise forms.ValidationError(problems)
        return data

    def validate_unique(self) -> None:
        """The one translation per language is ``clean``'s to say, in the policy's words."""
