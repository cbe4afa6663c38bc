import { z } from 'zod';
import { PROVIDERS, SURFACES } from '../types.js';

const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case string such as "prompt-too-long"');
const status = z.number().int().min(100).max(599);
const semver = z.string().regex(/^\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?$/, 'expected a version such as "0.47.0"');

/** The front matter of a knowledge article, as written by maintainers (snake_case, like the taxonomy). */
export const frontMatterSchema = z
  .object({
    id: kebab,
    title: z.string().trim().min(10, 'expected a title of at least 10 characters').max(160),
    family: kebab,
    providers: z.array(z.enum(PROVIDERS)).min(1, 'expected at least one provider'),
    surfaces: z.array(z.enum(SURFACES)).optional(),
    http_status: z.union([status, z.array(status).min(1), z.null()]),
    error_type: z.union([z.string().trim().min(2), z.array(z.string().trim().min(2)).min(1), z.null()]),
    sdk_exceptions: z.array(z.string().trim().min(2)),
    signatures: z.array(z.string().min(1)).min(1, 'expected at least one signature'),
    context_required: z.boolean().optional(),
    /**
     * The error text comes back from Bedrock or Vertex for every vendor's model, but the article's cause
     * is Claude's own request: auto-reply there only when the paste shows the model was Claude.
     */
    claude_required: z.boolean().optional(),
    fixed_in: z.partialRecord(z.enum(SURFACES), semver).optional(),
    /** The releases the version-dependent claims were checked against (for `kb stale`). */
    applies_to: z.partialRecord(z.enum(SURFACES), semver).optional(),
    /** The day the article was last checked claim by claim against its sources (YYYY-MM-DD). */
    verified: z.iso.date('expected a date such as "2026-12-04"').optional(),
    /** The words people use for the problem when they ask about it without pasting an error. */
    aliases: z.array(z.string().trim().min(3, 'expected an alias of at least 3 characters').max(120)).optional(),
    sources: z.array(z.url({ protocol: /^https$/, error: 'expected an https:// URL' })).min(1, 'expected at least one source URL'),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;
