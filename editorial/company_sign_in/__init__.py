"""Company sign-in: staff sign in through the company's OpenID Connect provider (django-allauth's
``openid_connect`` provider, configured from the environment), and their roles follow its groups.

- ``config``: the settings, from ``OIDC_*`` environment variables (read while settings load).
- ``provider`` and ``views`` (with ``urls``): allauth's provider and views, with every check of
  the provider's answer (state, nonce, signature, issuer, audience, expiry, replay); each
  refusal says why, signs nobody in and counts as a failed sign-in for the throttling.
- ``roles``: at each sign-in, the user's roles follow the provider's groups through
  ``OIDC_ROLE_MAP`` (added and removed; a removal ends their sessions), and ``is_staff`` follows
  the roles.
- ``backends``: with ``EDITORIAL_STAFF_PASSWORD_SIGN_IN`` off, staff cannot sign in with a
  password, except ``EDITORIAL_EMERGENCY_ACCOUNT``.
"""
