#!/usr/bin/env bash
# Asks the worker to validate config files (PUT /connector-plugins/<class>/config/validate) and prints every error
# by field. Exits 1 when a file has errors. Without arguments: every *.json in connect-configs/.
# Usage: CONNECT_URL=http://localhost:8083 connect-configs/validate.sh [config.json...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

bad=0
while read -r file; do
  name="$(connector_name "$file")"
  class="$(jq -r '."connector.class" // empty' "$file")"
  if [ -z "$class" ]; then
    echo "$name: no connector.class in $file" >&2
    bad=1
    continue
  fi
  body="$(mktemp)"
  jq --arg n "$name" '. + {name: $n}' "$file" >"$body"
  result="$(curl_json PUT "/connector-plugins/$class/config/validate" "$body")" || { rm -f "$body"; bad=1; continue; }
  rm -f "$body"
  count="$(jq -r '.error_count' <<<"$result")"
  if [ "$count" = 0 ]; then
    echo "$name: valid"
  else
    echo "$name: $count error(s)"
    jq -r '.configs[].value | select(.errors | length > 0) | "  \(.name): \(.errors | join("; "))"' <<<"$result"
    bad=1
  fi
done < <(config_files "$@")
exit "$bad"
