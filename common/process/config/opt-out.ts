/** The opt-out list's fragment: which contacts an opt-out stops (read by the worker and the commands). */
import { z } from 'zod';
import { OPT_OUT_SCOPES } from '../../opt-out';

export const optOutEnv = {
  RINGFLOW_OPT_OUT_SCOPE: z
    .enum(OPT_OUT_SCOPES, {
      message: `use all (an opt-out by any channel stops calls and texts) or per-channel`,
    })
    .default('all'),
};
