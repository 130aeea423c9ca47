// The JSON → Avro value conversion moved to src (generate --kafka uses it); re-exported here so
// the tests and the benchmark that import it from this path keep working.
export { toAvroValue } from '../../src/stages/decode/avro-value.ts';
