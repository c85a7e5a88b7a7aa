#!/usr/bin/env bash
# The local single-node Elasticsearch used for development and tests.
#
#   scripts/es.sh up      download (once, pinned + checksummed), start, wait until healthy
#   scripts/es.sh down    stop the node started by `up`
#   scripts/es.sh status  say whether a node answers at $ELASTICSEARCH_URL
#
# `up` is a no-op when a node already answers at ELASTICSEARCH_URL, and skips everything when
# ELASTICSEARCH_URL points at another host (an existing cluster). A second local node (for a
# benchmark that must not load the shared one) runs from its own cache on another port:
#   FACTCHECK_CACHE=/tmp/es2 ELASTICSEARCH_URL=http://127.0.0.1:9201 FACTCHECK_ES_HEAP=2g \
#   FACTCHECK_ES_NICE=10 FACTCHECK_ES_DIST=.cache/dist scripts/es.sh up
# (FACTCHECK_ES_HEAP: JVM heap, default 1g; FACTCHECK_ES_NICE: CPU niceness of the node;
# FACTCHECK_ES_DIST: where the downloaded zip is kept, to share one download.)
set -euo pipefail

ES_VERSION=8.19.21
# sha512 of elasticsearch-8.19.21.zip (Maven Central also publishes its sha1, checked as well).
ES_SHA512=cf6b0a93860d329937ae7f913ec5073b0c726c77639764b93fc83a304aa1dd9d4defcfa2849948eea3b0b47c2065f994908603939fc2a4774c9c4d868c5ec1dd
ES_SHA1=8861771bbfe2fab12ccc386bc8b4c5c6f9619865
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FACTCHECK_CACHE:-$ROOT/.cache}"
ES_HOME="$CACHE/elasticsearch-$ES_VERSION"
ES_DATA="$CACHE/es-data"
ES_LOGS="$CACHE/es-logs"
PIDFILE="$CACHE/es.pid"
URL="${ELASTICSEARCH_URL:-http://127.0.0.1:9200}"
ES_USER="${FACTCHECK_ES_USER:-elasticsearch}"
HEAP="${FACTCHECK_ES_HEAP:-1g}"
NICE="${FACTCHECK_ES_NICE:-0}"
DIST="${FACTCHECK_ES_DIST:-$CACHE/dist}"
# The port of a local URL (127.0.0.1 or localhost); empty for any other host.
PORT="$(printf '%s' "$URL" | sed -nE 's#^http://(127\.0\.0\.1|localhost):([0-9]+)/?$#\2#p')"

log() { printf '[es] %s\n' "$*" >&2; }

answering() { curl -fsS --max-time 2 "$URL/_cluster/health" >/dev/null 2>&1; }

is_local_url() { [ -n "$PORT" ]; }

find_java() {
  # ES 8.x needs Java 17+; the integ-test zip bundles no JDK.
  local candidate version
  for candidate in ${ES_JAVA_HOME:-} ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    version="$("$candidate/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n1)"
    if [ -n "$version" ] && [ "$version" -ge 17 ]; then
      echo "$candidate"
      return 0
    fi
  done
  log "no JDK 17+ under /usr/lib/jvm; install one, e.g. apt-get install -y openjdk-17-jre-headless"
  return 1
}

download() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  mkdir -p "$DIST"
  local zip="$DIST/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "downloading Elasticsearch $ES_VERSION from Maven Central (about 100 MB, once)"
    mvn -q -B dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$DIST" >&2
  fi
  echo "$ES_SHA512  $zip" | sha512sum -c --quiet - || { log "checksum mismatch for $zip"; rm -f "$zip"; exit 1; }
  echo "$ES_SHA1  $zip" | sha1sum -c --quiet - || { log "sha1 mismatch for $zip"; rm -f "$zip"; exit 1; }
  log "unpacking into $ES_HOME"
  rm -rf "$ES_HOME.tmp" && mkdir -p "$ES_HOME.tmp"
  unzip -q "$zip" -d "$ES_HOME.tmp"
  mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME" && rmdir "$ES_HOME.tmp"
}

configure() {
  mkdir -p "$ES_DATA" "$ES_LOGS"
  cat > "$ES_HOME/config/elasticsearch.yml" <<YML
cluster.name: factcheck-local
node.name: local
network.host: 127.0.0.1
http.port: ${PORT:-9200}
discovery.type: single-node
path.data: $ES_DATA
path.logs: $ES_LOGS
xpack.security.enabled: false
# A laptop disk that is 90% full must not turn the indices read-only under the tests.
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: false
YML
  printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" > "$ES_HOME/config/jvm.options.d/heap.options"
}

run_as_es_user() {
  # Elasticsearch refuses to run as root: run it as a system user created for it.
  if [ "$(id -u)" -eq 0 ]; then
    id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER" "$ES_HOME" "$ES_DATA" "$ES_LOGS"
    # The user must be able to reach the files through the parent folders.
    local dir="$CACHE"
    while [ "$dir" != "/" ]; do chmod o+x "$dir" 2>/dev/null || true; dir="$(dirname "$dir")"; done
    setpriv --reuid="$ES_USER" --regid="$(id -g "$ES_USER")" --init-groups -- env "$@"
  else
    env "$@"
  fi
}

up() {
  if answering; then
    log "a node already answers at $URL"
    return 0
  fi
  if ! is_local_url; then
    log "ELASTICSEARCH_URL=$URL is not the local node and does not answer; start it yourself"
    return 1
  fi
  download
  configure
  local java_home
  java_home="$(find_java)"
  log "starting Elasticsearch $ES_VERSION (java: $java_home, heap: $HEAP)"
  rm -f "$PIDFILE"
  touch "$PIDFILE" && chmod 666 "$PIDFILE"
  run_as_es_user ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_HOME/config" \
    nice -n "$NICE" "$ES_HOME/bin/elasticsearch" -d -p "$PIDFILE" >"$ES_LOGS/startup.log" 2>&1
  local waited=0
  until curl -fsS --max-time 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; do
    sleep 1
    waited=$((waited + 1))
    if [ "$waited" -ge 180 ]; then
      log "Elasticsearch did not become healthy in 180 s; last log lines:"
      tail -n 40 "$ES_LOGS/factcheck-local.log" >&2 || true
      return 1
    fi
  done
  log "healthy at $URL after ${waited}s"
}

down() {
  if [ -s "$PIDFILE" ]; then
    local pid
    pid="$(cat "$PIDFILE")"
    if kill "$pid" 2>/dev/null; then
      log "stopping pid $pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    fi
    rm -f "$PIDFILE"
  else
    log "no node started by this script is running"
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if answering; then log "up at $URL"; else log "down at $URL"; exit 1; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
