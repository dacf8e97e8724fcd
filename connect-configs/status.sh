#!/usr/bin/env bash
# Shows each connector's state and its tasks' (with worker and, for a failed task, the first line of its error).
# Exits 1 when a connector or task has FAILED.
# Usage: CONNECT_URL=http://localhost:8083 connect-configs/status.sh [name...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

all="$(curl_json GET '/connectors?expand=status')"
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
  mapfile -t names < <(jq -r 'keys[]' <<<"$all")
fi
failed=0
for name in "${names[@]}"; do
  status="$(jq -c --arg n "$name" '.[$n].status // empty' <<<"$all")"
  if [ -z "$status" ]; then
    echo "$name: no such connector" >&2
    failed=1
    continue
  fi
  jq -r '"\(.name) (\(.type)): \(.connector.state) on \(.connector.worker_id)",
         (.tasks[] | "  task \(.id): \(.state) on \(.worker_id)"
           + (if .state == "FAILED" then "\n    " + ((.trace // "") | split("\n")[0]) else "" end))' <<<"$status"
  if jq -e '.connector.state == "FAILED" or any(.tasks[]; .state == "FAILED")' <<<"$status" >/dev/null; then
    failed=1
  fi
done
exit "$failed"
