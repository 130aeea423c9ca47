# Apache Kafka in KRaft mode (one node, broker + controller) from Maven Central jars.
# Sourced by scripts/services/up and down.

KAFKA_VERSION=${CUSTOMS_AML_KAFKA_VERSION:-3.9.2}

kafka_libs() {
  local libs="$SERVICES_CACHE/kafka-$KAFKA_VERSION/libs"
  if [ ! -f "$libs/.complete" ]; then
    log "resolving Kafka $KAFKA_VERSION jars from Maven Central"
    local pomdir
    pomdir=$(mktemp -d)
    # A throwaway pom: the broker and a logging backend for its log4j calls.
    cat >"$pomdir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.customs-aml</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
    rm -rf "$libs"
    (cd "$pomdir" && mvn_quiet dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs") ||
      die "could not resolve Kafka jars (Maven Central reachable? mvn on PATH?)"
    rm -rf "$pomdir"
    touch "$libs/.complete"
  fi
  echo "$libs"
}

kafka_answers() {
  node --no-warnings "$SERVICES_REPO/scripts/services/probe.mjs" kafka "127.0.0.1:$1" >&2
}

start_kafka() {
  local dir="$SERVICES_STATE/kafka"
  if service_pid kafka >/dev/null && kafka_answers "$(service_port kafka)"; then
    log "kafka already running on 127.0.0.1:$(service_port kafka)"
    return 0
  fi
  stop_service kafka
  local java libs port cport
  java=$(find_java 17) || die "Kafka needs Java 17 or newer on PATH or JAVA_HOME"
  libs=$(kafka_libs)
  port=$(service_port_or_free kafka)
  cport=$(free_port)
  rm -rf "$dir/data"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$dir/log4j.properties" <<'L4J'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
L4J
  local cluster
  cluster=$("$java" -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)
  "$java" -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "$cluster" -c "$dir/server.properties" >"$dir/format.log" 2>&1 || die "kafka storage format failed: $dir/format.log"
  echo "$port" >"$dir/port"
  spawn_service kafka "$java" -Xms256m -Xmx768m -XX:+UseG1GC -Dlog4j.configuration="file:$dir/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties"
  wait_for kafka 90 kafka_answers "$port"
  log "kafka $KAFKA_VERSION (KRaft) answering on 127.0.0.1:$port"
}

stop_kafka() { stop_service kafka; }
