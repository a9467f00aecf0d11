from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.public import board_with_reviewed_articles
from editorial.caching import public_page
from editorial.policy import disclaimer_text, policy_in_force, render_policy
from editorial.workflow import ReviewState, policy_table


@public_page(params=())
def editorial_policy(request: HttpRequest) -> HttpResponse:
    policy = policy_in_force()
    return render(
        request,
        "editorial/editorial_policy.html",
        {
            "policy": policy_table(),
            "states": ReviewState,
            "version": policy,
            "rendered": render_policy(policy) if policy else None,
            "disclaimer": disclaimer_text(policy) if policy else "",
        },
    )


@public_page(params=())
def board(request: HttpRequest) -> HttpResponse:
    return render(
        request, "editorial/boardmember_list.html", {"members": board_with_reviewed_articles()}
    )
