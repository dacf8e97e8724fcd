#!/usr/bin/env bash
# Replays a connector: stops it, resets its offsets (a sink reads its topics again from the start, a source its
# endpoints) or sets them from a file, then resumes it and waits until it runs. When the worker refuses the offsets,
# the connector is put back in the state it had (RUNNING or PAUSED) with its offsets unchanged, and the script
# exits 1; if even that fails it says the connector was left STOPPED.
# Usage: CONNECT_URL=http://localhost:8083 connect-configs/replay.sh <name> [offsets.json]
#   offsets.json holds what PATCH /connectors/<name>/offsets takes, e.g. for a sink
#   {"offsets":[{"partition":{"kafka_topic":"analytics.sales_per_minute","kafka_partition":0},"offset":{"kafka_offset":0}}]}
set -euo pipefail
source "$(dirname "$0")/common.sh"

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
  echo "Usage: $0 <connector name> [offsets.json]" >&2
  exit 2
fi
name="$1"
if [ "$#" -eq 2 ]; then
  problem="$(json_problem "$2")"
  if [ -n "$problem" ]; then
    echo "$problem; $name left as it was" >&2
    exit 1
  fi
fi
before="$(curl_json GET "/connectors/$name/status" | jq -r '.connector.state')"
echo "stopping $name (now $before)"
curl_json PUT "/connectors/$name/stop" >/dev/null
await_state "$name" STOPPED

if [ "$#" -eq 2 ]; then
  echo "setting offsets of $name from $2"
  changed="$(curl_json PATCH "/connectors/$name/offsets" "$2")" || changed=""
else
  echo "resetting offsets of $name"
  changed="$(curl_json DELETE "/connectors/$name/offsets")" || changed=""
fi
if [ -z "$changed" ]; then
  case "$before" in
    PAUSED|STOPPED) ;;
    *) before=RUNNING ;;
  esac
  # Paused straight from STOPPED, Connect creates no tasks: PAUSED is restored by resuming, then pausing.
  if [ "$before" = STOPPED ]; then
    echo "offsets of $name unchanged; it was STOPPED and stays STOPPED" >&2
  elif curl_json PUT "/connectors/$name/resume" >/dev/null && await_state "$name" RUNNING \
      && { [ "$before" = RUNNING ] || { curl_json PUT "/connectors/$name/pause" >/dev/null \
      && await_state "$name" PAUSED; }; }; then
    echo "offsets of $name unchanged; it is $before again" >&2
  else
    echo "offsets of $name unchanged, and it could not be put back: it is left STOPPED" \
      "(curl -X PUT $CONNECT_URL/connectors/$name/resume)" >&2
  fi
  exit 1
fi
jq -r '.message // empty' <<<"$changed"
echo "resuming $name"
curl_json PUT "/connectors/$name/resume" >/dev/null
await_state "$name" RUNNING
echo "$name is RUNNING again"
