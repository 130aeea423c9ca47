# Apicurio Registry (in-memory storage) from Maven Central, used through its
# Confluent-compatible API at /apis/ccompat/v7. Sourced by up and down.

# 3.x needs Java 21+; with only an older Java the 2.6 line (Java 11+) serves the same ccompat API.
APICURIO_V3=${CUSTOMS_AML_APICURIO_VERSION:-3.3.3}
APICURIO_V2=2.6.13.Final

registry_home() {
  local version=$1 home="$SERVICES_CACHE/apicurio-$1"
  if [ ! -f "$home/.complete" ]; then
    log "resolving Apicurio Registry $version from Maven Central"
    rm -rf "$home"
    mkdir -p "$home"
    mvn_quiet dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$version:tar.gz:all" \
      -DoutputDirectory="$home" || die "could not resolve Apicurio Registry $version"
    tar xzf "$home"/apicurio-registry-app-*-all.tar.gz -C "$home" && rm -f "$home"/apicurio-registry-app-*-all.tar.gz
    touch "$home/.complete"
  fi
  echo "$home"
}

# 3.x ships the fast-jar layout (quarkus-run.jar); 2.x an uber "-runner" jar.
registry_jar() {
  local jar
  for jar in "$1/quarkus-run.jar" "$1"/apicurio-registry-app-*-runner.jar; do
    [ -f "$jar" ] && { echo "$jar"; return 0; }
  done
  die "no runnable jar in $1"
}

registry_url() { echo "http://127.0.0.1:$1/apis/ccompat/v7"; }

registry_answers() { http_ok "$(registry_url "$1")/subjects"; }

start_registry() {
  local dir="$SERVICES_STATE/registry"
  if service_pid registry >/dev/null && registry_answers "$(service_port registry)"; then
    log "schema registry already running on 127.0.0.1:$(service_port registry)"
    return 0
  fi
  stop_service registry
  local java version home port mport
  if java=$(find_java 21); then version=$APICURIO_V3; else
    java=$(find_java 17) || die "the schema registry needs Java 17 or newer"
    version=$APICURIO_V2
  fi
  home=$(registry_home "$version")
  port=$(service_port_or_free registry)
  mport=$(free_port)
  mkdir -p "$dir"
  echo "$port" >"$dir/port"
  echo "$version" >"$dir/version"
  spawn_service registry "$java" -Xms128m -Xmx512m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$mport" -Dquarkus.log.level=WARN \
    -jar "$(registry_jar "$home")"
  wait_for registry 120 registry_answers "$port"
  log "apicurio registry $version answering on $(registry_url "$port")"
}

stop_registry() { stop_service registry; }
