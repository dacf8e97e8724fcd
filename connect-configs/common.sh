# Shared by the connect-configs scripts: the Connect REST URL and the tools they need.
CONNECT_URL="${CONNECT_URL:-http://localhost:8083}"
CONNECT_URL="${CONNECT_URL%/}"
CONFIG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

for tool in curl jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "This script needs $tool on the PATH" >&2
    exit 2
  fi
done

# curl_json METHOD PATH [BODY_FILE]: prints the body; fails with the worker's error message on HTTP >= 400.
curl_json() {
  local method="$1" path="$2" body="${3:-}" out status
  out="$(mktemp)"
  if [ -n "$body" ]; then
    status="$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' \
      --data-binary @"$body" "$CONNECT_URL$path")" || { rm -f "$out"; echo "Connect at $CONNECT_URL cannot be reached" >&2; return 1; }
  else
    status="$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "$CONNECT_URL$path")" \
      || { rm -f "$out"; echo "Connect at $CONNECT_URL cannot be reached" >&2; return 1; }
  fi
  if [ "$status" -ge 400 ]; then
    echo "$method $path answered $status: $(jq -r '.message? // .' "$out" 2>/dev/null || cat "$out")" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
  HTTP_STATUS="$status"
}

# json_problem FILE: prints why FILE is not a JSON object (jq's message, with the file named), or nothing.
json_problem() {
  local problem
  if [ ! -r "$1" ]; then
    echo "$1: cannot be read"
  elif ! problem="$(jq -e 'if type == "object" then true else error("not a JSON object") end' "$1" 2>&1 >/dev/null)"; then
    echo "$1: not valid JSON: ${problem#jq: error (at <stdin>:*): }"
  fi
}

# field_errors VALIDATION_JSON: prints each field's errors from a config/validate answer, one field per line.
field_errors() {
  jq -r '.configs[].value | select(.errors | length > 0) | "  \(.name): \(.errors | join("; "))"' <<<"$1"
}

# validate_file FILE NAME: asks the worker to validate FILE as connector NAME; prints the answer. Fails (status 1)
# with the reason on stderr when the file is not JSON, has no connector.class or the worker cannot be asked.
validate_file() {
  local file="$1" name="$2" problem class body result
  problem="$(json_problem "$file")"
  if [ -n "$problem" ]; then
    echo "$problem" >&2
    return 1
  fi
  class="$(jq -r '."connector.class" // empty' "$file")"
  if [ -z "$class" ]; then
    echo "$file: no connector.class" >&2
    return 1
  fi
  body="$(mktemp)"
  jq --arg n "$name" '. + {name: $n}' "$file" >"$body"
  result="$(curl_json PUT "/connector-plugins/$class/config/validate" "$body")" || { rm -f "$body"; return 1; }
  rm -f "$body"
  echo "$result"
}

# effective_config FILE NAME: the config to send for FILE. With CONNECT_OVERRIDES set to a folder (such as
# connect-configs/secure for the secured stack), the settings of its NAME.json are laid over FILE's, into a
# temporary file whose path is printed; otherwise FILE itself. Fails when the folder is missing or lacks NAME.json
# (on a secured cluster a connector without its principal's settings would run as the worker's principal).
EFFECTIVE_DIR="$(mktemp -d)"
trap 'rm -rf "$EFFECTIVE_DIR"' EXIT
effective_config() {
  local file="$1" name="$2" overrides merged
  if [ -z "${CONNECT_OVERRIDES:-}" ] || [ -n "$(json_problem "$file")" ]; then
    echo "$file"
    return 0
  fi
  overrides="${CONNECT_OVERRIDES%/}/$name.json"
  if [ ! -f "$overrides" ]; then
    echo "CONNECT_OVERRIDES=$CONNECT_OVERRIDES has no $name.json" >&2
    return 1
  fi
  if [ -n "$(json_problem "$overrides")" ]; then
    json_problem "$overrides" >&2
    return 1
  fi
  merged="$EFFECTIVE_DIR/$name.json"
  jq -s '.[0] * .[1]' "$file" "$overrides" >"$merged"
  echo "$merged"
}

# The connector name of a config file: its file name without .json.
connector_name() {
  basename "$1" .json
}

# The config files to work on: the arguments, or every connector file in connect-configs/.
config_files() {
  if [ "$#" -gt 0 ]; then
    printf '%s\n' "$@"
  else
    find "$CONFIG_DIR" -maxdepth 1 -name '*.json' | sort
  fi
}

# await_state NAME STATE [SECONDS]: waits until the connector (and its tasks, unless STOPPED) are in STATE.
await_state() {
  local name="$1" state="$2" timeout="${3:-60}" deadline status
  deadline=$(( $(date +%s) + timeout ))
  while true; do
    status="$(curl -sS "$CONNECT_URL/connectors/$name/status" 2>/dev/null || true)"
    if [ "$state" = STOPPED ]; then
      [ "$(jq -r '.connector.state' <<<"$status" 2>/dev/null)" = STOPPED ] && return 0
    elif jq -e --arg s "$state" '.connector.state == $s and (.tasks | length > 0) and all(.tasks[]; .state == $s)' \
        <<<"$status" >/dev/null 2>&1; then
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$name did not reach $state within ${timeout}s: $status" >&2
      return 1
    fi
    sleep 1
  done
}
