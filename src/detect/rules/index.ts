// Every rule the detector runs. A new rule goes in cash-courier-rules.ts or tbml-rules.ts, its
// parameters in ./parameters/, its block in config/rules.yaml and its section in
// docs/rules.md.
import type { AnyRule } from '../rule.ts';
import { cashCourierRules } from './cash-courier-rules.ts';
import { tbmlRules } from './tbml-rules.ts';

export const allRules: AnyRule[] = [...cashCourierRules, ...tbmlRules];
