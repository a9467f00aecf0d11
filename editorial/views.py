from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from editorial.workflow import ReviewState, policy_table


def editorial_policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "editorial/editorial_policy.html",
        {"policy": policy_table(), "states": ReviewState},
    )
