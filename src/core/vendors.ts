/**
 * Other vendors' models on the platforms Claude shares. Bedrock hosts Titan, Nova, Llama, Mistral, Cohere,
 * Qwen and more; Vertex hosts Gemini and PaLM under `publishers/google/models/`; OpenAI-compatible gateways
 * answer in OpenAI's error shape. An error that names one of those models, and no Claude model, is not a
 * Claude error even though it reads like the Bedrock or Vertex ones our articles explain.
 *
 * Every pattern runs on the lower-cased flat paste, only when one of its gate words is among the paste's
 * words (a set look-up, nearly free).
 */

interface ForeignModelPattern {
  vendor: string;
  gate: string[];
  pattern: RegExp;
}

const REGION = '(?:(?:us|eu|apac|global|jp|au|us-gov)\\.)?';

const FOREIGN_MODELS: ForeignModelPattern[] = [
  {
    vendor: "another vendor's model on Amazon Bedrock",
    gate: ['amazon', 'cohere', 'meta', 'mistral', 'ai21', 'qwen', 'deepseek', 'stability', 'writer', 'openai'],
    pattern: new RegExp(
      `(?:^|[^\\w.-])${REGION}(amazon\\.(?:titan|nova)|cohere\\.(?:command|embed|rerank)|meta\\.llama|mistral\\.|ai21\\.|qwen\\.qwen|deepseek\\.|stability\\.|writer\\.palmyra|openai\\.gpt)`,
    ),
  },
  {
    vendor: 'a non-Claude model on Vertex AI',
    gate: ['publishers'],
    // A Claude id under the wrong publisher ("publishers/google/models/claude-…") is still a Claude error.
    pattern: /publishers\/(google|meta|mistralai|ai21|qwen|deepseek-ai|openai)\/models\/(?!claude)[a-z0-9]/,
  },
  {
    vendor: 'Google (Gemini / PaLM)',
    gate: ['gemini', 'bison', 'gecko'],
    pattern: /\b(?:gemini-(?:\d|pro|flash|ultra|exp)|(?:chat|text|code|codechat)-bison|textembedding-gecko)/,
  },
  {
    vendor: 'OpenAI',
    gate: ['gpt', 'mini', 'preview', 'pro', 'davinci', 'embedding'],
    pattern: /\b(?:gpt-(?:3\.5|4|4o|4\.1|5|oss|image)|o[134]-(?:mini|preview|pro)|text-davinci|text-embedding-(?:3|ada))/,
  },
  {
    // An embedding call. Anthropic serves no embedding model (its docs point to Voyage AI), so an error
    // raised while embedding is another model's, whatever platform carries it: LangChain's Bedrock and
    // SageMaker embeddings wrap every failure as "Error raised by inference endpoint: …", and apps log
    // "error for embedding", "embed_documents" or an embeddings class beside it.
    vendor: 'an embedding model (Anthropic serves none)',
    gate: ['inference', 'embedding', 'embeddings', 'embed_query', 'embed_documents', 'bedrockembeddings', 'vertexaiembeddings'],
    pattern:
      /error raised by inference endpoint|\bembed_(?:query|documents)\b|\b(?:bedrock|vertexai|sagemakerendpoint)embeddings\b|\b(?:error|errors|failed|failure|exception)\b[^\n]{0,40}\b(?:for|during|while|in|when) (?:(?:computing|generating|creating|getting) )?(?:the )?embeddings?\b|\bembedding model\b/,
  },
  {
    // Request bodies of other Bedrock model families: Titan's inputText / textGenerationConfig /
    // maxTokenCount, Llama's max_gen_len. In Bedrock's schema messages, a key the model *requires*
    // ("required key [texts] not found": Cohere, Nova) names its family, and so does a key of Claude's own
    // body that the model rejects ("extraneous key [anthropic_version] is not permitted": the body went to
    // a model that is not Claude). Any other extraneous key is what the caller sent wrongly to Claude.
    vendor: "another vendor's model on Amazon Bedrock",
    gate: ['inputtext', 'textgenerationconfig', 'maxtokencount', 'max_gen_len', 'required', 'extraneous'],
    pattern:
      /(?<!extraneous key \[)\b(?:inputtext|textgenerationconfig|maxtokencount|max_gen_len)\b|required key \[(?:inputtext|texts|input_type|chat_history|num_generations|embeddingconfig|schemaversion|inferenceconfig|max_gen_len)\]|extraneous key \[(?:anthropic_version|anthropic_beta|messages|max_tokens|stop_sequences|top_k)\] is not permitted/,
  },
];

/**
 * LiteLLM names the provider that raised an error in its message: `litellm.RateLimitError: OpenAIException -
 * …`, `VertexAIException BadRequestError - b'{…}'`, `BedrockException - {"message": …}` (its exception
 * mapping prefixes every provider's error with `<Provider>Exception`). A provider that serves no Claude model
 * (OpenAI, Azure OpenAI, Gemini, Mistral, Cohere, Groq, …) is another vendor's error. Bedrock and Vertex
 * serve Claude too, so their names count only when LiteLLM also names the model (or model group) and it is
 * not Claude. A bare `VertexAIException` is not enough: Claude on Vertex is relayed under that name too, and
 * the part of the error people paste often leaves the model out (treating every bare one as foreign cost a
 * real Claude quota error in the evaluation). A Claude call on Vertex goes to
 * `publishers/anthropic/models/…:rawPredict`, which names Anthropic and so is exempt, as is every paste that
 * names Claude or Anthropic, as for the model patterns above.
 */
const LITELLM_OTHER_PROVIDERS = [
  'openai',
  'azure',
  'azureopenai',
  'gemini',
  'mistral',
  'cohere',
  'groq',
  'ollama',
  'deepseek',
  'xai',
  'togetherai',
  'huggingface',
  'replicate',
  'perplexity',
  'fireworks_ai',
  'watsonx',
];
const LITELLM_OTHER_GATES = LITELLM_OTHER_PROVIDERS.map((p) => `${p}exception`);
/** LiteLLM naming the model behind an error: "Received Model Group=…", "model=…", "bedrock/<id>". */
const LITELLM_MODEL_NAMED = /received model group=\S|\bmodel=[\w/]|\b(?:bedrock\/(?:converse\/|invoke\/)?|vertex_ai\/)[a-z]/;

/**
 * Claude shown without the word "Claude": a model alias named after a Claude family ("Received Model
 * Group=sonnet-4", "model=bedrock-opus"), or the Anthropic API's own error body relayed inside the wrapper
 * (`"type": "error"` with an error type only the Messages API sends). LiteLLM's provider name is weaker
 * evidence than either.
 */
const CLAUDE_SHOWN = /\b(?:sonnet|opus|haiku)\b|overloaded_error|['"]type['"]\s?:\s?['"]error['"]/;

function litellmForeignProvider(lower: string, words: Set<string>): string | null {
  if (CLAUDE_SHOWN.test(lower)) return null;
  for (const gate of LITELLM_OTHER_GATES) {
    if (words.has(gate)) return `a provider that serves no Claude model (LiteLLM's ${gate})`;
  }
  if (words.has('bedrockexception') && LITELLM_MODEL_NAMED.test(lower)) return "another vendor's model on Amazon Bedrock (via LiteLLM)";
  if (words.has('vertexaiexception') && LITELLM_MODEL_NAMED.test(lower)) return 'a non-Claude model on Vertex AI (via LiteLLM)';
  return null;
}

/** Every word that lets a foreign-model pattern run (`foreignModelOf` tests them as whole words). */
export const FOREIGN_MODEL_GATES: readonly string[] = [
  ...FOREIGN_MODELS.flatMap((f) => f.gate),
  'param',
  ...LITELLM_OTHER_GATES,
  'bedrockexception',
  'vertexaiexception',
];

// OpenAI's error body: {"error": {"message": …, "type": …, "param": …, "code": …}}. Anthropic's never has
// "param"; gateways that relay a Claude error in this shape still name Claude or Anthropic inside it.
const OPENAI_BODY = /"error"\s?:\s?\{\s?"message"\s?:[^{}]{0,1200}"param"\s?:/;
/**
 * An OpenAI-style server turning away Anthropic's own route ("Invalid URL (POST /v1/messages)"): the client
 * spoke the Messages API to a base URL that does not serve it. The body's shape is the wrong host's, and
 * the error is the base URL's, not another vendor's model.
 */
const ANTHROPIC_ROUTE_REFUSED = /invalid url \((?:post|get) (?:\/v1)?\/v1\/messages\b/;

/**
 * Words that tie a paste to Claude itself (not merely to a platform that also serves Claude). Anthropic as
 * an identifier counts too (`anthropic_messages()`, `AnthropicException`): LiteLLM's proxy relays its
 * Anthropic route's errors in OpenAI's envelope. Not the keys of Claude's own request body
 * (`anthropic_version`, `anthropic_beta`): another model rejecting them says the body went elsewhere.
 */
const CLAUDE_WORDS = /\bclaude(?:\b|\d)|\banthropic(?:\b|exception|_(?!version|beta))|claude-|sk-ant-/;

/**
 * Other model families on Bedrock and Vertex named the way people write them in a sentence ("I picked
 * Nova Pro in the console", "Llama 3 on Bedrock"), not as model ids. On its own a name like "Nova" or
 * "Command R" could be anything, so this is read only when the paste is from one of those platforms.
 */
const FAMILY_IN_PROSE: ForeignModelPattern = {
  vendor: "another vendor's model on a shared platform",
  gate: ['nova', 'titan', 'llama', 'mistral', 'mixtral', 'cohere', 'command', 'jamba', 'deepseek', 'qwen', 'gemini', 'gpt'],
  pattern:
    /\b(?:amazon (?:nova|titan)\b|nova (?:pro|lite|micro|premier|sonic|canvas|reel)|titan (?:text|embed|image|multimodal|express|lite|premier)|llama[ -]?\d|(?:mistral|mixtral)\b|cohere\b|command[ -]r|jamba\b|deepseek\b|qwen\d?\b|gemini\b|gpt-oss)/,
};

/**
 * The other vendor a paste's model or error shape belongs to, or null. A paste that also names Claude or
 * Anthropic is not judged foreign here (someone comparing vendors, a gateway relaying a Claude error).
 * `sharedPlatform`: the paste is from Bedrock or Vertex, where a model family named in words is telling.
 */
export function foreignModelOf(lower: string, words: Set<string>, sharedPlatform = false): string | null {
  let vendor: string | null = null;
  for (const f of sharedPlatform ? [...FOREIGN_MODELS, FAMILY_IN_PROSE] : FOREIGN_MODELS) {
    if (hits(f, lower, words)) {
      vendor = f.vendor;
      break;
    }
  }
  if (!vendor && words.has('param') && OPENAI_BODY.test(lower) && !ANTHROPIC_ROUTE_REFUSED.test(lower)) vendor = 'an OpenAI-compatible API';
  vendor ??= litellmForeignProvider(lower, words);
  if (!vendor) return null;
  return CLAUDE_WORDS.test(lower) ? null : vendor;
}

/**
 * Another model family named in words ("Amazon Nova Micro gives this error", "Llama 3 fails"), whatever
 * else the paste names. Beside Claude's name it makes the model behind the error uncertain: the paste may
 * contrast the two ("Claude works, Nova fails").
 */
export function namesOtherFamily(lower: string, words: Set<string>): boolean {
  return hits(FAMILY_IN_PROSE, lower, words);
}

/** The pattern runs only when one of its gate words is among the paste's words. */
function hits(f: ForeignModelPattern, lower: string, words: Set<string>): boolean {
  return f.gate.some((g) => words.has(g)) && f.pattern.test(lower);
}
