#!/usr/bin/env bash
# Creates or updates connectors from their config files (PUT /connectors/<name>/config, idempotent), named after
# the file. Every file is tried, each validated first; the summary lists what was created, updated and failed (with
# each failure's errors by field). Exits 1 if any failed. Without arguments: every *.json in connect-configs/.
# With CONNECT_OVERRIDES=<folder>, each connector's <folder>/<name>.json is laid over its file first (the secured
# stack's principals: CONNECT_OVERRIDES=connect-configs/secure, docs/security.md).
# Usage: CONNECT_URL=http://localhost:8083 [CONNECT_OVERRIDES=connect-configs/secure] connect-configs/deploy.sh [config.json...]
set -euo pipefail
source "$(dirname "$0")/common.sh"

created=() updated=() failed=()
while read -r file; do
  name="$(connector_name "$file")"
  if ! config="$(effective_config "$file" "$name" 2>&1)"; then
    echo "failed $name: $config" >&2
    failed+=("$name")
    continue
  fi
  if ! result="$(validate_file "$config" "$name" 2>&1)"; then
    echo "failed $name: $result" >&2
    failed+=("$name")
    continue
  fi
  if [ "$(jq -r '.error_count' <<<"$result")" != 0 ]; then
    echo "failed $name: $(jq -r '.error_count' <<<"$result") error(s)" >&2
    field_errors "$result" >&2
    failed+=("$name")
    continue
  fi
  if ! answer="$(curl_json PUT "/connectors/$name/config" "$config" 2>&1 && echo "status=$HTTP_STATUS")"; then
    echo "failed $name: $answer" >&2
    failed+=("$name")
  elif [[ "$answer" == *"status=201" ]]; then
    echo "created $name"
    created+=("$name")
  else
    echo "updated $name"
    updated+=("$name")
  fi
done < <(config_files "$@")

echo "summary: ${#created[@]} created${created[*]:+ (${created[*]})}, ${#updated[@]} updated${updated[*]:+ (${updated[*]})}, ${#failed[@]} failed${failed[*]:+ (${failed[*]})}"
[ "${#failed[@]}" -eq 0 ]
