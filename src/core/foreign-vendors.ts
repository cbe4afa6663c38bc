import { type Hint, hintMatches } from './hint.js';

/**
 * Other vendors named in a paste. Each counts only when nothing in the paste shows Anthropic (extract.ts):
 * a paste about another vendor's API gets no Claude article.
 */

/** How Gemini CLI and its forks print a failed request ("✕ [API Error: …]"), lower-cased. */
export const GEMINI_CLI_ERROR = '✕ [api error:';

export const FOREIGN_VENDORS: Array<[string, Hint]> = [
  [
    'OpenAI',
    {
      pattern: /\bopenai\b(?![-_ ]?compat)|platform\.openai\.com|\bgpt-[345o]|\bchatgpt\b|\bo[134]-mini\b/,
      gate: ['openai', 'gpt-', 'chatgpt', '-mini'],
    },
  ],
  [
    'Google Gemini',
    {
      any: ['generativelanguage.googleapis', 'google.genai'],
      pattern: /\bgemini\b|\bpalm\b/,
      gate: ['gemini', 'palm'],
    },
  ],
  ['Azure OpenAI', { any: ['azure openai', 'openai.azure.com'] }],
  ['Ollama', { pattern: /\bollama\b/, gate: ['ollama'] }],
  ['Groq', { pattern: /\bgroq\b/, gate: ['groq'] }],
  ['Mistral', { pattern: /\bmistral\b/, gate: ['mistral'] }],
  ['DeepSeek', { pattern: /\bdeepseek\b/, gate: ['deepseek'] }],
  ['Cohere', { pattern: /\bcohere\b/, gate: ['cohere'] }],
  ['Hugging Face', { any: ['huggingface', 'hugging face'] }],
  // Hosts and labs that serve no Claude model, named as people and LangChain's classes write them
  // (`ChatFireworks`, `ChatTogether`, `ChatXAI`). Like every vendor here, they count only in a paste that
  // shows nothing of Anthropic: Claude Code pointed at Kimi or GLM still shows Claude Code's own marks.
  ['Fireworks AI', { pattern: /fireworks(?:\.ai|_ai|ai\b)|\b(?:chat)?fireworks\b/, gate: ['fireworks'] }],
  ['Together AI', { any: ['together.ai', 'togetherai', 'together_ai', 'together.xyz', 'chattogether'] }],
  ['xAI (Grok)', { pattern: /\bgrok\b|\bgrok-\d|\bx\.ai\b|\b(?:chat)?xai\b/, gate: ['grok', 'x.ai', 'xai'] }],
  ['Perplexity', { pattern: /\bperplexity\b|\bpplx\b/, gate: ['perplexity', 'pplx'] }],
  ['Cerebras', { pattern: /\bcerebras\b/, gate: ['cerebras'] }],
  ['Moonshot (Kimi)', { pattern: /\bmoonshot\b|\bkimi\b/, gate: ['moonshot', 'kimi'] }],
  ['Zhipu (GLM)', { pattern: /\bzhipu|bigmodel\.cn|\bglm-\d/, gate: ['zhipu', 'bigmodel', 'glm-'] }],
  ['MiniMax', { pattern: /\bminimax\b/, gate: ['minimax'] }],
  // Gemini CLI and its forks (Qwen Code, …) print a failed request as "✕ [API Error: …]": the words of
  // Claude Code's "API Error:" line, in another tool that calls Gemini or an OpenAI-compatible model.
  ['Gemini CLI or a fork of it', { any: [GEMINI_CLI_ERROR] }],
];

/** The first other vendor the paste names (`found`: the hint substrings `findHints` saw), or null. */
export function foreignVendorNamed(lower: string, found: Set<string>): string | null {
  for (const [vendor, hint] of FOREIGN_VENDORS) if (hintMatches(hint, lower, found)) return vendor;
  return null;
}
