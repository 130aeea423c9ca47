# Shared helpers for scripts/services/*: state and cache folders, ports, pid files.
# Sourced, not run. Every service binds to 127.0.0.1 only.

SERVICES_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVICES_STATE=${CUSTOMS_AML_SERVICES_DIR:-$SERVICES_REPO/.customs-aml/services}
SERVICES_CACHE=${CUSTOMS_AML_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/customs-aml}
mkdir -p "$SERVICES_STATE" "$SERVICES_CACHE"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# A free TCP port on loopback, chosen by the kernel.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# pid of a service if its recorded process is alive, else nothing.
service_pid() {
  local pidfile="$SERVICES_STATE/$1/pid"
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

service_port() { cat "$SERVICES_STATE/$1/port" 2>/dev/null; }

# The port a service had before, when still free (a restart keeps its address), else a new one.
service_port_or_free() {
  local old
  old=$(service_port "$1")
  if [ -n "$old" ] && node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$old"; then
    echo "$old"
  else
    free_port
  fi
}

# Start a command detached in its own process group; record its pid.
spawn_service() {
  local name=$1
  shift
  local dir="$SERVICES_STATE/$name"
  mkdir -p "$dir"
  setsid "$@" >"$dir/out.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
}

# Stop a service's whole process group: TERM, then KILL after a grace period.
stop_service() {
  local name=$1 pid
  pid=$(service_pid "$name") || { rm -f "$SERVICES_STATE/$name/pid"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$SERVICES_STATE/$name/pid"
  log "$name stopped"
}

# Wait until a check command succeeds, or give up naming the service and its log.
wait_for() {
  local name=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! service_pid "$name" >/dev/null; then
      tail -n 30 "$SERVICES_STATE/$name/out.log" >&2 || true
      die "$name exited while starting (log: $SERVICES_STATE/$name/out.log)"
    fi
    [ $SECONDS -lt $deadline ] || die "$name did not answer within ${seconds}s (log: $SERVICES_STATE/$name/out.log)"
    sleep 0.5
  done
}

http_ok() { curl -fsS -m 2 -o /dev/null "$1"; }

# Major version of a java binary (17, 21, 25, ...).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# A java binary of at least the given major version, preferring JAVA_HOME, then PATH, then /usr/lib/jvm.
find_java() {
  local want=$1 candidate
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    local major
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Resolve Maven artifacts into the cache (Maven's own ~/.m2 keeps the downloads).
mvn_quiet() { mvn -B -q -Dstyle.color=never "$@" >&2; }
