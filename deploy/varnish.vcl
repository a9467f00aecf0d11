vcl 4.1;
# The HTTP cache in front of gunicorn: Varnish 7 with the xkey module (Debian: apt-get install
# varnish varnish-modules). nginx may stay in front of it for TLS and static files.
#
#   varnishd -a :6081 -f /etc/varnish/editorial.vcl -s malloc,1g
#
# Public pages name what they show in the `xkey` header (article:42, topic:7, board, policy,
# listing, all); the app's worker sends `PURGE` with the keys to purge in `xkey-purge`
# (HTTP_CACHE_PURGE_URLS=http://varnish-host:6081/) once a change commits, and retries while
# Varnish does not answer. So pages are kept as long as the app's `s-maxage` says (a day when
# purges are configured) and are never served stale after the purge.
#
# Change the two lines marked "site:" for your servers.

import xkey;
import std;

backend app {
    .host = "127.0.0.1";  # site: where gunicorn listens
    .port = "8000";  # site: gunicorn's port
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Only the app servers (their workers send the purges) may purge.
acl app_servers {
    "127.0.0.1";  # site: the app servers' addresses
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ app_servers) {
            return (synth(403, "Purging is for the app servers only."));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in xkey-purge."));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged + " objects."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # A signed-in user (session) or a message waiting: their own page, never a shared one.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # A partner's API key: every request reaches the app, which counts it against the key's
    # limit and refuses a key that is not valid (never a response cached for someone else).
    if (req.http.X-API-Key) {
        return (pass);
    }
    # Whether the client takes gzip, for vcl_backend_fetch (set or cleared on every request,
    # so a client cannot choose it).
    if (req.http.Accept-Encoding ~ "gzip") {
        set req.http.x-gzip = "1";
    } else {
        unset req.http.x-gzip;
    }
    # Other cookies (csrftoken) do not change a public page: the app serves the anonymous one.
    return (hash);
}

sub vcl_hash {
    # One stored page per encoding (the builtin vcl_hash adds the URL and the host). Varnish
    # would otherwise keep the gzipped page only, whatever the app's Vary says, and gunzip it
    # on every hit for a client that does not take gzip: the app has both encodings ready (it
    # compresses a page once, when it stores it), so each is fetched and stored as it is sent,
    # and a hit only copies bytes.
    if (req.http.x-gzip) {
        hash_data("gzip");
    }
}

sub vcl_backend_fetch {
    # Varnish asks the backend for gzip on every miss: ask for what the client takes instead.
    if (!bereq.uncacheable && !bereq.http.x-gzip) {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.x-gzip;
}

sub vcl_backend_response {
    # A browser keeps a page PAGE_MAX_AGE at most; the day is this cache's, purged by key. The
    # TTL is already taken from s-maxage here, so the header is rewritten once, when the page
    # is stored, rather than on every hit.
    if (beresp.http.Cache-Control ~ "s-maxage") {
        set beresp.http.Cache-Control = regsub(beresp.http.Cache-Control, ",\s*s-maxage=\d+", "");
    }
    # Only what the app marks public is stored: never a response setting a cookie, never a
    # private or no-store one (signed-in pages, forms, the admin).
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache: readers and other proxies need not see them (they stay on
    # the stored page, where xkey indexes them).
    unset resp.http.xkey;
}
