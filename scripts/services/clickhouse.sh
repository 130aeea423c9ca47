# ClickHouse server from Debian's clickhouse-server package, as a plain local process
# with its own data folder (no system service). Sourced by up and down.

clickhouse_binary() {
  local bin
  for bin in "${CLICKHOUSE_SERVER_BIN:-}" "$(command -v clickhouse-server 2>/dev/null)" /usr/sbin/clickhouse-server /usr/bin/clickhouse; do
    [ -n "$bin" ] && [ -x "$bin" ] && { echo "$bin"; return 0; }
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's clickhouse-server package"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server) >&2 ||
      die "apt-get could not install clickhouse-server"
    command -v clickhouse-server && return 0
  fi
  die "clickhouse-server not found: apt-get install clickhouse-server (or set CLICKHOUSE_SERVER_BIN)"
}

clickhouse_answers() { http_ok "http://127.0.0.1:$1/ping"; }

start_clickhouse() {
  local dir="$SERVICES_STATE/clickhouse"
  if service_pid clickhouse >/dev/null && clickhouse_answers "$(service_port clickhouse)"; then
    log "clickhouse already running on 127.0.0.1:$(service_port clickhouse)"
    return 0
  fi
  stop_service clickhouse
  local bin port tcp
  bin=$(clickhouse_binary)
  port=$(service_port_or_free clickhouse)
  tcp=$(free_port)
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/server.err.log</errorlog><size>50M</size><count>2</count></logger>
  <http_port>$port</http_port>
  <tcp_port>$tcp</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
</yandex>
XML
  cat >"$dir/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  echo "$port" >"$dir/port"
  spawn_service clickhouse "$bin" --config-file="$dir/config.xml"
  wait_for clickhouse 60 clickhouse_answers "$port"
  log "clickhouse server $(curl -fsS "http://127.0.0.1:$port/?query=SELECT%20version()") answering on http://127.0.0.1:$port"
}

stop_clickhouse() { stop_service clickhouse; }
