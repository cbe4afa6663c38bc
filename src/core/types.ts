/** Shared types of the platform-free diagnosis core. */

export const PROVIDERS = ['anthropic', 'bedrock', 'vertex', 'gateway'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const SURFACES = [
  'python-sdk',
  'typescript-sdk',
  'claude-code',
  'langchain',
  'litellm',
  'vercel-ai-sdk',
  'raw-http',
  'aws-sdk',
  'google-sdk',
  'other-wrapper',
] as const;
export type Surface = (typeof SURFACES)[number];

/** A signature after loading: either a case-insensitive literal or a compiled, vetted regular expression. */
export type Signature =
  | {
      kind: 'literal';
      source: string;
      needle: string;
      anchor: string | null;
      weight: number;
    }
  | {
      kind: 'regex';
      source: string;
      regex: RegExp;
      anchor: string | null;
      /** Words every match contains; the rarest becomes the anchor when the base is built. */
      requiredWords: string[];
      /** When there is no whole-word anchor: substrings of which one must occur for the pattern to be tried. */
      needles: string[] | null;
      weight: number;
    };

export interface Article {
  id: string;
  title: string;
  family: string;
  providers: Provider[];
  surfaces: Surface[];
  httpStatus: number[];
  /** The API's error.type values (or AWS / Google codes) this root cause shows up with; may be empty. */
  errorTypes: string[];
  sdkExceptions: string[];
  signatures: Signature[];
  fixedIn: Partial<Record<Surface, string>>;
  /** The releases the version-dependent claims were checked against. */
  appliesTo: Partial<Record<Surface, string>>;
  /** When the article was last verified claim by claim (YYYY-MM-DD), or null when never. */
  verified: string | null;
  /** The error text is not specific to Anthropic (TLS, proxies, AWS credentials): never auto-reply without context. */
  contextRequired: boolean;
  /** On a platform serving many vendors' models, auto-reply only when the paste shows Claude (front matter `claude_required`). */
  claudeRequired?: boolean;
  /** Short phrases people use when they ask about this problem in words (front matter `aliases:`). */
  aliases: string[];
  sources: string[];
  cause: string;
  fix: string;
  details: string | null;
  /** Path relative to the knowledge root, for messages and links. */
  file: string;
}

/** What the extractor found in a paste. Every list is deduplicated and in order of appearance. */
export interface Signals {
  /** The input looked like an error report at all (cheap gate for chatter). */
  looksLikeError: boolean;
  binary: boolean;
  truncated: boolean;
  httpStatuses: number[];
  errorTypes: string[];
  messages: string[];
  exceptions: string[];
  providers: Provider[];
  surfaces: Surface[];
  /** Another vendor's API (OpenAI, Gemini, …) is named and nothing points at Anthropic. */
  foreignVendor: string | null;
  /** The paste names another vendor's model (Titan, Llama, Gemini, GPT…) or error shape, and no Claude model. */
  foreignModel: string | null;
  /** Error types read from a status and its reason phrase ("529 Overloaded"), not written in the paste. */
  impliedErrorTypes: string[];
  /**
   * The API error types were only named in words ("keep getting overloaded_error"), not read from an
   * error body's `type` field.
   */
  errorTypesInProse?: boolean;
  anthropicContext: boolean;
  /**
   * `providers` holds "anthropic" only because the paste is Claude's (Claude Code's output, Claude named)
   * and shows no platform: Claude Code prints the same "API Error" lines on Bedrock and Vertex.
   */
  providerInferred?: boolean;
  /** Bedrock's schema message names a key only Claude's request body has (claude-body.ts): the model was Claude. */
  claudeBody?: boolean;
  sdkVersions: Partial<Record<Surface, string>>;
  requestIds: string[];
  modelIds: string[];
  /** The most telling error line, before masking. */
  primaryMessage: string | null;
  /** API error types printed with their message (typed-message.ts); absent when none. */
  typedMessages?: TypedMessage[];
}

export interface CandidateReason {
  kind:
    | 'signature'
    | 'structure'
    | 'status'
    | 'error_type'
    | 'exception'
    | 'provider'
    | 'surface'
    | 'fuzzy'
    /** A run of a signature's words in a short paste someone asked about: a possible match only. */
    | 'fragment'
    /** A short line someone asked about names this article's status, error type or exception class: a possible match only. */
    | 'short_line'
    | 'feedback'
    | 'contradiction';
  detail: string;
  weight: number;
}

export interface Candidate {
  id: string;
  title: string;
  score: number;
  reasons: CandidateReason[];
  article: Article;
}

export interface VersionAdvice {
  surface: Surface;
  current: string;
  fixedIn: string;
  upgradeNeeded: boolean;
}

export interface Diagnosis {
  /** The best candidate reached the threshold that applies (strict unless `mode: 'lenient'`). */
  matched: boolean;
  confidence: number;
  fingerprint: string;
  fingerprintHash: string;
  signals: Signals;
  candidates: Candidate[];
  /** Why nothing matched, or what was odd about the input (binary, truncated, empty). */
  notes: string[];
  versionAdvice: VersionAdvice[];
}

/**
 * What an unanswered paste tells the maintainers. Only `uncovered` is a knowledge gap (no article explains
 * it); `uncertain` is "probably article X, not confident" (tune the article, do not write a new one);
 * `foreign` is another vendor's error; `not-error` is a message with no error in it that someone asked about.
 */
export const GAP_KINDS = ['uncovered', 'uncertain', 'foreign', 'not-error'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

/**
 * An API error is a pair: its `type` and its `message`. Pastes print the pair in several shapes — the
 * JSON body (`"type":"not_found_error","message":"Not Found"`), Python's repr of it (`'type': …, 'message': …`),
 * key=value log lines (`type=rate_limit_error message=…`), and a type followed by its message
 * (`HTTP 404 not_found_error: Not Found`). Reading them as pairs lets the message's own words choose among
 * the articles that the type (and status) fit equally (message-choice.ts).
 */
export interface TypedMessage {
  /** The API error type, lower case. */
  type: string;
  /** The message printed with it, as written (trimmed). */
  message: string;
}
