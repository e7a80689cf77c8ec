#!/bin/sh
# nginx reads addresses from /etc/hosts only at start and on reload. Docker rewrites the file when a
# linked container (Elastic Beanstalk Dockerrun v2 links) restarts with a new address, so while any
# upstream comes from the file, reload nginx whenever the file changes.
# Runs from the official image's entrypoint after 18-router-upstreams.envsh has exported its flags.
set -eu

if [ "${ROUTER_API_RESOLVE:-}" = resolve ] && [ "${ROUTER_CLIENT_RESOLVE:-}" = resolve ]; then
    exit 0
fi

hosts_file=${ROUTER_HOSTS_FILE:-/etc/hosts}
check_seconds=${ROUTER_HOSTS_CHECK_SECONDS:-5}

# The baseline is taken before the loop is forked: read inside it, a change made right after this script
# returns could become the baseline and never trigger a reload.
last_reloaded=$(cksum < "$hosts_file")
(
    while sleep "$check_seconds"; do
        current=$(cksum < "$hosts_file") || continue
        # A failed reload (nginx not up yet) is retried on the next check.
        if [ "$current" != "$last_reloaded" ] && nginx -s reload; then
            echo "router-watch-hosts: $hosts_file changed, nginx reloaded"
            last_reloaded=$current
        fi
    done
) &
