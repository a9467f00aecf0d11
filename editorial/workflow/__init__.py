"""The review workflow of the Medical Advisory Board: the editorial policy, in code.

1. An author drafts an article and submits it. Submission freezes the content in a revision.
2. An editor starts the review: a review round opens and board members are invited. Each invited
   member accepts or declines, declares any conflict of interest, then reviews.
3. Board members and editors may request changes or reject, always with a comment for the
   author. Approval needs a quorum of approving reviews, and nobody decides on their own article.
4. Approval makes the reviewed revision the article's live revision: the only thing readers see.
5. Revising an approved article opens a new working copy in draft; readers keep seeing the
   live revision until the next approval replaces it. Archiving takes the article off the site.

Read in this order, the modules are the policy:

- ``editorial.roles``: who plays which role (below the workflow, so that every app may ask);
- ``rules``: who may take a step, and each condition a step needs, in the policy's words;
- ``rounds``: what the conditions read of a review round, the claim sign-off included;
- ``board``: what the board's members and editors may do within a round;
- ``machine``: the states and the steps, each checked once by ``step_check``;
- ``steps``: ``article_transition``, the one service that takes a step, and what each entails;
- ``publication``: moving or cancelling an approval's scheduled publication;
- ``docs``: the policy as the README's table and diagram.

Everything else (the admin, the authors' forms, management commands, the demo loader) asks the
checks here and calls ``article_transition`` or a service of ``editorial.reviews``; nothing else
writes the review status. Every rule takes the acting user first: ``rule(user, article)``,
``*_problems(user, subject)``. What other code uses is importable from ``editorial.workflow``.
"""

from editorial.models import ReviewState, Step
from editorial.roles import (
    Someone,
    editors_reading_confidential,
    is_author_of,
    is_board_member,
    is_editor,
    is_invitee,
    may_read_confidential,
    may_start_article,
)
from editorial.workflow.board import (
    NO_OPEN_ROUND,
    ROUND_CLOSED,
    approval_open_claims_question,
    conflict_declaration_problems,
    disclosure_problems,
    eligible_reviewers,
    invitation_accept_problems,
    invitation_decline_problems,
    invitation_replace_problems,
    invite_problems,
    no_candidates_refusal,
    no_open_round_refusal,
    review_address_problems,
    review_amend_problems,
    review_reopen_problems,
    review_signoff_problems,
    review_submit_problems,
    reviewer_problems,
)
from editorial.workflow.docs import (
    PolicyRow,
    policy_diagram_mermaid,
    policy_table,
    policy_table_markdown,
)
from editorial.workflow.machine import (
    ACTIONS,
    Action,
    AvailableAction,
    PermissionRefused,
    ReviewWorkflow,
    TrackerStep,
    WorkflowError,
    action_problems,
    available_actions,
    refuse,
    review_tracker,
    step_check,
)
from editorial.workflow.publication import (
    publication_cancel,
    publication_move,
    publication_problems,
    publications_cancel,
)
from editorial.workflow.rounds import (
    ClaimSignoff,
    carried_over_claims,
    claim_signoff,
    claim_signoff_problems,
    claim_verdicts,
    open_conflicts,
    open_round,
    review_due_date,
    round_reviews,
    unaddressed_rejections,
)
from editorial.workflow.rules import (
    APPROVAL_CONDITIONS,
    SUBMISSION_CONDITIONS,
    Condition,
    Rule,
    Subject,
    counts_toward_quorum,
    may_assign_reviewers,
    may_decide,
    quorum,
)
from editorial.workflow.steps import (
    EFFECTS,
    add_months,
    article_transition,
    close_review_round,
    content_edit_problems,
    may_edit,
    moment_shown,
    open_review_round,
    step_reason,
    submission_step,
)

__all__ = [
    "ACTIONS",
    "APPROVAL_CONDITIONS",
    "EFFECTS",
    "NO_OPEN_ROUND",
    "ROUND_CLOSED",
    "SUBMISSION_CONDITIONS",
    "Action",
    "AvailableAction",
    "ClaimSignoff",
    "Condition",
    "PermissionRefused",
    "PolicyRow",
    "ReviewState",
    "ReviewWorkflow",
    "Rule",
    "Someone",
    "Step",
    "Subject",
    "TrackerStep",
    "WorkflowError",
    "action_problems",
    "add_months",
    "approval_open_claims_question",
    "article_transition",
    "available_actions",
    "carried_over_claims",
    "claim_signoff",
    "claim_signoff_problems",
    "claim_verdicts",
    "close_review_round",
    "conflict_declaration_problems",
    "content_edit_problems",
    "counts_toward_quorum",
    "disclosure_problems",
    "editors_reading_confidential",
    "eligible_reviewers",
    "invitation_accept_problems",
    "invitation_decline_problems",
    "invitation_replace_problems",
    "invite_problems",
    "is_author_of",
    "is_board_member",
    "is_editor",
    "is_invitee",
    "may_assign_reviewers",
    "may_decide",
    "may_edit",
    "may_read_confidential",
    "may_start_article",
    "moment_shown",
    "no_candidates_refusal",
    "no_open_round_refusal",
    "open_conflicts",
    "open_review_round",
    "open_round",
    "policy_diagram_mermaid",
    "policy_table",
    "policy_table_markdown",
    "publication_cancel",
    "publication_move",
    "publication_problems",
    "publications_cancel",
    "quorum",
    "refuse",
    "review_address_problems",
    "review_amend_problems",
    "review_due_date",
    "review_reopen_problems",
    "review_signoff_problems",
    "review_submit_problems",
    "review_tracker",
    "reviewer_problems",
    "round_reviews",
    "step_check",
    "step_reason",
    "submission_step",
    "unaddressed_rejections",
]
