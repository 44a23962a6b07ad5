#!/usr/bin/env bash
# Production smoke test (docs/deploy.md, "Smoke test"): the built app as an operator runs it.
#   npm run build && scripts/production-smoke.sh
# With NODE_ENV=production, freshly generated cheque keys, its own embedded PostgreSQL in a temporary
# DATA_DIR (never DATABASE_URL) and a real SMTP server of its own (scripts/smoke-mailbox.js), on
# 127.0.0.1 only, it: creates the first administrator with admin-create, reads the link in the mail,
# chooses a password through that link, signs in, creates an organisation, checks the health check and
# the production headers and cookies, has the running API e-mail a password reset, and stops.
# Prints "==> step" and "    ok: …" lines; exits non-zero naming the step that failed. Every wait has a
# deadline. Needs node and curl. Everything it starts is stopped and its folder deleted on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly ADMIN_EMAIL='admin.smoke@example.org'
readonly ADMIN_NAME='Administratrice Smoke'
readonly ORGANISATION_NAME='Financeur du test de fumée'
# Seconds: the first admin-create initialises the PostgreSQL cluster and runs every migration.
readonly ADMIN_CREATE_TIMEOUT="${SMOKE_ADMIN_CREATE_TIMEOUT:-240}"
readonly API_READY_TIMEOUT="${SMOKE_API_READY_TIMEOUT:-120}"
readonly MAIL_TIMEOUT="${SMOKE_MAIL_TIMEOUT:-30}"
readonly STOP_TIMEOUT=30

started_at=$SECONDS
current_step='start'
work=''
mailbox_pid=''
api_pid=''
failure_reported=''

step() {
  current_step="$1"
  echo "==> $1"
}
ok() { echo "    ok: $1"; }
fail() {
  echo "FAILED at step \"$current_step\": $1" >&2
  failure_reported=yes
  exit 1
}

# Polls (every 0.2 s) until the command succeeds; fails the step after SECONDS seconds, or at once when
# the process WATCH_PID (if not empty) has exited.
wait_until() {
  local seconds="$1" what="$2" watch_pid="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ -n "$watch_pid" ] && ! kill -0 "$watch_pid" 2>/dev/null; then fail "process $watch_pid exited while waiting for $what"; fi
    if ((SECONDS >= deadline)); then fail "no $what after ${seconds} s"; fi
    sleep 0.2
  done
}

# Sends SIGTERM to a process this script started and waits for it to exit (SIGKILL after STOP_TIMEOUT s).
stop_process() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "    process $pid did not stop within ${STOP_TIMEOUT} s: killed" >&2
      kill -KILL "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
}

cleanup() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ]; then
    [ -n "$failure_reported" ] || echo "FAILED at step \"$current_step\" (exit $status)" >&2
    for log in admin-create.log api.log mailbox.log; do
      if [ -n "$work" ] && [ -s "$work/$log" ]; then
        echo "--- last lines of $log ---" >&2
        tail -n 40 "$work/$log" >&2
      fi
    done
  fi
  stop_process "$api_pid"
  # The embedded PostgreSQL of a killed API would outlive it: stop it by its own pid file.
  local pid_file="$work/data/postgres/postmaster.pid"
  if [ -n "$work" ] && [ -f "$pid_file" ]; then
    local postgres_pid
    postgres_pid="$(head -n 1 "$pid_file")"
    if [ -n "$postgres_pid" ] && kill -0 "$postgres_pid" 2>/dev/null; then stop_process "$postgres_pid"; fi
  fi
  stop_process "$mailbox_pid"
  [ -n "$work" ] && rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One field of a JSON file: json_field FILE FIELD.
json_field() {
  node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; process.stdout.write(v === undefined ? "" : String(v));' "$1" "$2"
}

# request METHOD PATH [JSON BODY] [extra curl arguments…]: writes $work/headers and $work/body, sets $status.
# Writes carry Origin: PUBLIC_URL (the API refuses cookie and public writes from another origin).
request() {
  local method="$1" path="$2" body="${3:-}"
  shift 2
  [ "$#" -gt 0 ] && shift
  local args=(-sS --max-time 15 -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}')
  [ "$method" != GET ] && args+=(-H "Origin: $PUBLIC_URL")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  status="$(curl "${args[@]}" "$@" "$PUBLIC_URL$path")" || fail "$method $path: no answer"
}

expect_status() {
  [ "$status" = "$1" ] || fail "$2: HTTP $status, expected $1: $(head -c 500 "$work/body")"
}

header() { grep -i "^$1:" "$work/headers" | tr -d '\r' || true; }

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'
}

mail_count() { find "$work/mail" -maxdepth 1 -name 'mail-*.json' | wc -l; }
has_mail() { [ "$(mail_count)" -ge "$1" ]; }
# The single-use password link in message N.
password_link_in() {
  node -e '
    const mail = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const match = /https?:\/\/\S+\/mot-de-passe\/[A-Za-z0-9_-]{43}/.exec(mail.text);
    if (!match) { process.stderr.write("no password link in: " + mail.text + "\n"); process.exit(1); }
    process.stdout.write(match[0]);' "$work/mail/mail-$1.json"
}

step 'preflight: built app, node, curl'
[ -f dist/apps/api/src/main.js ] && [ -f dist/apps/api/src/cli/admin-create.js ] || fail 'dist/ is missing: run npm run build first'
[ -f dist/web/index.html ] || fail 'the web app is not built (dist/web): run npm run build first'
command -v node >/dev/null || fail 'node is not installed'
command -v curl >/dev/null || fail 'curl is not installed'
work="$(mktemp -d "${TMPDIR:-/tmp}/pass-numerique-smoke-XXXXXX")"
# Run as root, the embedded PostgreSQL runs as the `postgres` user: it must be able to walk into DATA_DIR.
chmod 711 "$work"
mkdir -m 700 "$work/mail"
ok "working folder $work"

step 'generate the production secrets'
CHEQUE_SIGNING_KEY="$(node -e 'const { generateKeyPairSync } = require("crypto"); process.stdout.write(Buffer.from(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" })).toString("base64"));')"
CHEQUE_CODE_KEY="$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"));')"
ADMIN_PASSWORD="smoke-$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("hex"));')"
ok 'Ed25519 cheque signing key, 32-byte cheque code key, an administrator password'

step 'start the SMTP server that captures the mail'
node scripts/smoke-mailbox.js "$work/mail" >"$work/mailbox.log" 2>&1 &
mailbox_pid=$!
wait_until 15 'SMTP server listening' "$mailbox_pid" test -s "$work/mail/port"
smtp_port="$(cat "$work/mail/port")"
ok "smtp://127.0.0.1:$smtp_port"

api_port="$(free_port)"
PUBLIC_URL="http://127.0.0.1:$api_port"
# Only these variables reach the app and the command: nothing of the caller's environment (DATABASE_URL…).
app_env=(
  "PATH=$PATH"
  "HOME=${HOME:-$work}"
  "TMPDIR=${TMPDIR:-/tmp}"
  NODE_ENV=production
  LOG_LEVEL=info
  HOST=127.0.0.1
  "PORT=$api_port"
  "PUBLIC_URL=$PUBLIC_URL"
  "DATA_DIR=$work/data"
  "CHEQUE_SIGNING_KEY=$CHEQUE_SIGNING_KEY"
  CHEQUE_SIGNING_KEY_ID=smoke-test
  "CHEQUE_CODE_KEY=$CHEQUE_CODE_KEY"
  "SMTP_URL=smtp://127.0.0.1:$smtp_port"
  'MAIL_FROM=Pass numérique (test de fumée) <ne-pas-repondre@example.org>'
  MAIL_OUTBOX_POLL_SECONDS=1
)

step 'create the first administrator (admin-create, embedded PostgreSQL)'
# Before the API: admin-create starts the embedded cluster (initialised and migrated the first time),
# creates the operator organisation and its administrator, sends the mail through the outbox, and stops it.
timeout "$ADMIN_CREATE_TIMEOUT" env -i "${app_env[@]}" node dist/apps/api/src/cli/admin-create.js --email "$ADMIN_EMAIL" --name "$ADMIN_NAME" \
  >"$work/admin-create.log" 2>&1 || fail "admin-create exited with $? (124: over ${ADMIN_CREATE_TIMEOUT} s)"
grep -q "Operator administrator created: $ADMIN_EMAIL" "$work/admin-create.log" || fail 'admin-create did not say it created the administrator'
grep -q 'The link was also sent by e-mail (SMTP)' "$work/admin-create.log" || fail 'admin-create did not send the e-mail over SMTP'
printed_link="$(grep -oE "https?://[^ ]+/mot-de-passe/[A-Za-z0-9_-]{43}" "$work/admin-create.log")" || fail 'no link printed by admin-create'
ok "$ADMIN_EMAIL created"

step 'read the password link in the captured mail'
wait_until "$MAIL_TIMEOUT" 'mail in the mailbox' '' has_mail 1
[ "$(json_field "$work/mail/mail-1.json" to)" = "$ADMIN_EMAIL" ] || fail "the mail is for $(json_field "$work/mail/mail-1.json" to), not $ADMIN_EMAIL"
mailed_link="$(password_link_in 1)" || fail 'no password link in the mail'
[ "$mailed_link" = "$printed_link" ] || fail "the mailed link ($mailed_link) is not the printed one ($printed_link)"
case "$mailed_link" in "$PUBLIC_URL/mot-de-passe/"*) ;; *) fail "the link does not start with PUBLIC_URL: $mailed_link" ;; esac
token="${mailed_link##*/}"
ok "« $(json_field "$work/mail/mail-1.json" subject) » with a link to $PUBLIC_URL/mot-de-passe/…"

step 'start the built API with NODE_ENV=production'
env -i "${app_env[@]}" node dist/apps/api/src/main.js >"$work/api.log" 2>&1 &
api_pid=$!
wait_until "$API_READY_TIMEOUT" "'API ready on' in the API's output" "$api_pid" grep -q 'API ready on' "$work/api.log"
grep -q 'API ready on .*(database: embedded PostgreSQL)' "$work/api.log" || fail "the API does not use the embedded PostgreSQL: $(grep 'API ready on' "$work/api.log")"
if grep -q 'Comptes de démonstration' "$work/api.log"; then fail 'the demo logins were printed in production'; fi
ok "$PUBLIC_URL (embedded PostgreSQL, no demo seed)"

step 'health check and production headers'
request GET /api/health
expect_status 200 'GET /api/health'
[ "$(json_field "$work/body" status)" = ok ] || fail "GET /api/health: $(cat "$work/body")"
[ -n "$(header strict-transport-security)" ] || fail 'no Strict-Transport-Security header in production'
header content-security-policy | grep -q 'upgrade-insecure-requests' || fail 'the Content-Security-Policy does not upgrade insecure requests in production'
ok "$(cat "$work/body"); $(header strict-transport-security)"

step 'follow the link from the mail'
request GET "/mot-de-passe/$token"
expect_status 200 'the link (web page)'
header content-type | grep -qi 'text/html' || fail "the link does not open the web app: $(header content-type)"
request GET "/api/auth/password-reset/$token"
expect_status 200 'GET /api/auth/password-reset/:token'
grep -q "$ADMIN_EMAIL" "$work/body" || fail "the link is not for $ADMIN_EMAIL: $(cat "$work/body")"
ok "the page answers 200 and the link is for $ADMIN_EMAIL"

step 'choose the password'
password_body="{\"password\":\"$ADMIN_PASSWORD\"}"
# Without the platform's Origin, the write is refused (and the link stays usable).
status="$(curl -sS --max-time 15 -o "$work/body" -w '%{http_code}' -H 'Content-Type: application/json' --data "$password_body" \
  "$PUBLIC_URL/api/auth/password-reset/$token")" || fail 'no answer'
expect_status 403 'POST /api/auth/password-reset/:token without Origin'
request POST "/api/auth/password-reset/$token" "$password_body"
expect_status 204 'POST /api/auth/password-reset/:token'
request GET "/api/auth/password-reset/$token"
expect_status 404 'the used link, again'
ok 'refused without Origin (403), chosen with it (204); the link is now used up (404)'

step 'sign in'
request POST /api/auth/login "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}"
expect_status 200 'POST /api/auth/login'
session_cookie="$(header set-cookie | grep -o 'pn_session=[^;]*' || true)"
[ -n "$session_cookie" ] || fail 'no pn_session cookie'
for flag in Secure HttpOnly 'SameSite=Lax'; do
  header set-cookie | grep 'pn_session=' | grep -qi "; $flag" || fail "the pn_session cookie is not $flag: $(header set-cookie | grep 'pn_session=')"
done
[ "$(json_field "$work/body" role)" = operator_admin ] || fail "not an operator_admin: $(cat "$work/body")"
ok 'pn_session cookie: Secure; HttpOnly; SameSite=Lax; operator_admin'

step 'create an organisation'
request POST /api/organisations "{\"name\":\"$ORGANISATION_NAME\",\"kind\":\"funder\"}" -H "Cookie: $session_cookie"
expect_status 201 'POST /api/organisations'
organisation_id="$(json_field "$work/body" id)"
[ -n "$organisation_id" ] || fail "no id: $(cat "$work/body")"
request GET "/api/organisations/$organisation_id" '' -H "Cookie: $session_cookie"
expect_status 200 "GET /api/organisations/$organisation_id"
[ "$(json_field "$work/body" name)" = "$ORGANISATION_NAME" ] || fail "the organisation reads back as: $(cat "$work/body")"
ok "funder « $ORGANISATION_NAME » ($organisation_id)"

step "the running API's outbox worker sends mail (forgotten password)"
request POST /api/auth/password-reset "{\"email\":\"$ADMIN_EMAIL\"}"
expect_status 202 'POST /api/auth/password-reset'
wait_until "$MAIL_TIMEOUT" 'second mail in the mailbox' "$api_pid" has_mail 2
[ "$(json_field "$work/mail/mail-2.json" to)" = "$ADMIN_EMAIL" ] || fail "the reset mail is for $(json_field "$work/mail/mail-2.json" to)"
password_link_in 2 >/dev/null || fail 'no password link in the reset mail'
ok "« $(json_field "$work/mail/mail-2.json" subject) » delivered"

step 'stop the API'
kill -TERM "$api_pid"
wait_until "$STOP_TIMEOUT" 'exit of the API after SIGTERM' '' eval "! kill -0 $api_pid 2>/dev/null"
api_exit=0
wait "$api_pid" || api_exit=$?
[ "$api_exit" -eq 0 ] || fail "the API exited with $api_exit on SIGTERM"
api_pid=''
ok 'stopped cleanly (exit 0)'

current_step='done'
echo "production smoke test passed in $((SECONDS - started_at)) s"
