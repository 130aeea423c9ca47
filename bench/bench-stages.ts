// The record stages the bench scripts run outside Kafka: JSON in, validated and pseudonymised
// events out, with the repository's config and a fixed pseudonym key (so runs are comparable).
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.ts';
import { createRecordStages } from '../src/pipeline/record-stages.ts';
import { createRecordDecoder } from '../src/stages/decode/record-decoder.ts';
import { createPseudonymiser } from '../src/stages/pseudonymise/pseudonymise.ts';
import { createFxCheck } from '../src/stages/validate/fx-check.ts';

const repo = new URL('..', import.meta.url).pathname;

export const benchConfig = loadConfig({ dir: join(repo, 'config'), env: {} });

/** Stages reading JSON from the topics `d`, `m` and `i` (declarations, manifests, invoices). */
export const benchStages = createRecordStages({
  decoder: createRecordDecoder({
    encodings: { d: 'json', m: 'json', i: 'json' },
    topicKinds: { d: 'declaration', m: 'manifest', i: 'invoice' },
  }),
  pseudonymiser: createPseudonymiser('bench-key-0123456789abcdef0123456789abcdef'),
  checkFx: createFxCheck(benchConfig.reference),
});
