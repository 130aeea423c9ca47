// The layers of src/, in the order data flows through them. A folder may import its own layer
// and those before it, never one after: `npm run lint` fails on an upward import or a cycle.
// Same-rank folders (the edge) may use each other, as long as no cycle forms.
const layers = [
  ['core'], // shared types: events, money, alerts, records, errors, ports (imports nothing of the project)
  ['reference'], // dated reference data and its look-ups (thresholds, FX, lists, prices)
  ['stages'], // record stages: decode, validate, pseudonymise
  ['detect'], // the engine (state, event time, statistics) and the rules
  ['score'], // the learned risk score
  ['config'], // the whole configuration, validated at start
  ['pipeline'], // records -> events -> rules -> one step's output
  ['io'], // adapters: Kafka, ClickHouse, files, HTTP/metrics
  ['runtime'], // the loops that wire adapters to the pipeline: run, replay
  ['cli', 'generate', 'evaluate', 'importer'], // the edge
];

const forbidden = layers.slice(0, -1).map((folders, rank) => ({
  name: `layer-${folders.join('-')}`,
  comment: `${folders.join(', ')} may not import a later layer`,
  severity: 'error',
  from: { path: `^src/(${folders.join('|')})/` },
  to: {
    path: `^src/(${layers
      .slice(rank + 1)
      .flat()
      .join('|')})/`,
  },
}));

module.exports = {
  forbidden: [
    ...forbidden,
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
    {
      name: 'src-not-from-tests',
      comment: 'production code never imports tests, benches or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // TypeScript 7 (native) has no compiler API for dependency-cruiser yet; swc parses the sources.
    parser: 'swc',
  },
};
