// Field types shared by the rule parameter shapes.
import { z } from 'zod';

export const RATIO_MESSAGE = 'expected a decimal between 0 and 1';

/** A fraction strictly between 0 and 1 (rules use it to 6 decimal places). */
export const ratio = z.number({ error: RATIO_MESSAGE }).gt(0, RATIO_MESSAGE).lt(1, RATIO_MESSAGE);

/** A fraction in [0, 1). */
export const fractionFromZero = z
  .number({ error: 'expected a decimal from 0 up to 1' })
  .min(0, 'expected a decimal from 0 up to 1')
  .lt(1, 'expected a decimal from 0 up to 1');

export const positiveNumber = z
  .number({ error: 'expected a number greater than 0' })
  .gt(0, 'expected a number greater than 0');
