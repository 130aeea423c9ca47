// The whole configuration, validated by zod at start. Types come from here.
import { z } from 'zod';
import { rulesSchema } from '../detect/settings.ts';
import { referenceSchema } from '../reference/reference.ts';
import {
  engineSchema,
  kafkaSchema,
  metricsSchema,
  pseudonymisationSchema,
  schemaRegistrySchema,
  sinkSchema,
} from './service.ts';

export const configSchema = z
  .object({
    kafka: kafkaSchema.optional(),
    schemaRegistry: schemaRegistrySchema.optional(),
    sink: sinkSchema.default(sinkSchema.parse({})),
    engine: engineSchema.default(engineSchema.parse({})),
    pseudonymisation: pseudonymisationSchema.default(pseudonymisationSchema.parse({})),
    metrics: metricsSchema.default(metricsSchema.parse({})),
    reference: referenceSchema,
    rules: rulesSchema,
  })
  .strict();

export type Config = z.output<typeof configSchema>;
