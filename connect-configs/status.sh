#!/usr/bin/env bash
# Shows each connector's state and its tasks' (with worker and, for a failed task, the first line of its error).
# Without arguments: the connectors of connect-configs/ and any other the worker runs.
# Exits 1 unless every connector asked about (by default those of connect-configs/) exists and is RUNNING with
# all its tasks RUNNING: missing, STOPPED, PAUSED, FAILED, UNASSIGNED or without tasks all count.
# Usage: CONNECT_URL=http://localhost:8083 connect-configs/status.sh [name...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

all="$(curl_json GET '/connectors?expand=status')"
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  mapfile -t names < <({ config_files | while read -r file; do connector_name "$file"; done; jq -r 'keys[]' <<<"$all"; } | awk '!seen[$0]++')
fi
if [ "${#names[@]}" -eq 0 ]; then
  echo "no connectors in $CONFIG_DIR and none on $CONNECT_URL" >&2
  exit 1
fi
bad=0
for name in "${names[@]}"; do
  status="$(jq -c --arg n "$name" '.[$n].status // empty' <<<"$all")"
  if [ -z "$status" ]; then
    echo "$name: MISSING (not on $CONNECT_URL; connect-configs/deploy.sh creates it)"
    bad=1
    continue
  fi
  jq -r '"\(.name) (\(.type)): \(.connector.state) on \(.connector.worker_id)",
         (.tasks[] | "  task \(.id): \(.state) on \(.worker_id)"
           + (if .state == "FAILED" then "\n    " + ((.trace // "") | split("\n")[0]) else "" end)),
         (if (.tasks | length) == 0 and .connector.state == "RUNNING" then "  no tasks" else empty end)' <<<"$status"
  if ! jq -e '.connector.state == "RUNNING" and (.tasks | length > 0) and all(.tasks[]; .state == "RUNNING")' \
      <<<"$status" >/dev/null; then
    bad=1
  fi
done
exit "$bad"
