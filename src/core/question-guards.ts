/**
 * Guards for questions in words: what makes a message about Claude's API at all (Claude named, trouble
 * described) and what makes it somebody else's (another vendor's model, cloud work that is no model
 * call, a reseller's own limits, other software, Claude's consumer app). Pure: regexes over the text.
 */
import { withoutMoney } from './question-kinds.js';
import type { Article } from './types.js';

/** Words that say something is wrong: a question about a problem, not about taste or how-to. */
const TROUBLE =
  /\b(?:errors?|fail\w*|exception|crash\w*|break(?:s|ing)?|broke\w*|stuck|denied|refus\w*|reject\w*|expired?|limit\w*|exceed\w*|invalid|missing|unable|cannot|can'?t|won'?t|doesn'?t|didn'?t|isn'?t|not (?:work|support|availab|allow|recogni|found|sent|accept)\w*|timeout|tim(?:ed|es|ing) out|hang(?:s|ing)?|freez\w*|empty|cut(?:s|ting)? off|truncat\w*|stops? (?:before|mid|halfway|partway)\w*|incomplete|instead of|charged|billed|no longer|no more|(?:does|do|did) not (?:work|seem|help|appl)\w*|more than expected|(?:ran|run|running) out|max(?:ed)? out|stopped|wrong|unexpected\w*|conflicts?|disabled|suspended|banned|blocked|deprecated|too (?:long|large|big|many|low)|[1-5]\d\ds?)\b/i;

/** Other vendors' models, and model-serving platforms that do not serve Claude, named in a question. */
const OTHER_MODELS =
  /\b(?:gemini|gemma\w*|(?:chat|azure|async)?openai\w*|chatgpt|dall-?e|whisper|sora|titan|amazon nova|cohere|command-r\w*|ai21|jamba|phi-?[234]\w*|nemotron\w*|granite\d*|groq|cerebras|replicate|perplexity|sonar|gpt-?[345o]\w*|o[134]-(?:preview|mini)|openrouter|qwen\w*|glm(?:-?\d[\w.-]*)?|zhipu\w*|chatglm|kimi|moonshot|minimax|doubao|ernie|baichuan|mistral|mixtral|llama\w*|deepseek|grok|ollama|vllm|kserve|triton|sagemaker|hugging ?face|together\.ai|fireworks\.ai|lm ?studio|publishers\/(?:google|meta|mistralai)|(?:chat|text|code)-bison|palm ?2|imagen)\b/i;

/**
 * Sentences that name Claude only to compare ("works fine with Anthropic models", "other models, e.g.
 * Claude, do not have this issue"): they do not make the question about Claude.
 */
const COMPARISON =
  /\b(?:works?(?:ing)? (?:fine|well|perfectly|correctly|as expected)|(?:no|without|don'?t have|do not have|doesn'?t have|does not have) (?:this |the same |any )?(?:issue|problem)|other (?:models|providers)|unlike|compared (?:to|with)|same (?:config\w*|setup|code|request)s? works?)\b/i;

/**
 * "Anthropic" naming a wire format or an endpoint shape, not the model behind it: gateways serve other
 * vendors' models through an "Anthropic-compatible endpoint" or "the Anthropic API format".
 */
const ANTHROPIC_AS_FORMAT =
  /\banthropic[- ](?:compatible|style|format|messages format|api format|protocol|endpoint|base url|adapter)s?\b|\b(?:compatible with|in|via|through) (?:the )?anthropic(?:'s)? (?:api|messages) (?:format|protocol|schema)\b/gi;

/**
 * Cloud work that is not a language model at all (training jobs, accelerators): Vertex and Bedrock
 * name it with the same words as a Claude call ("quota", "permission denied", "429").
 */
const NOT_A_MODEL_CALL =
  /\b(?:tpu(?:[ _-]?v\d)?|gpus?|accelerators?|custom[ _]?(?:model[ _]?)?training\w*|training (?:job|pipeline|run)s?|fine-?tun\w*|endpoint\.deploy|model deployment|(?:vertex|kubeflow|kfp|ml) pipelines?|pipeline ?jobs?|custom ?jobs?|(?:vertex )?(?:ai )?workbench|\w+\.ipynb|tensorboards?|automl|feature ?store|vector search|matching engine|model registry|batch prediction)\b/i;

/**
 * Serving a model yourself (llama.cpp, KoboldCpp, vLLM and the like): its prompt cache, KV cache and
 * prompt processing share the words of Claude's prompt caching, but no Claude article explains them.
 */
const SELF_HOSTED_SERVING =
  /\b(?:kv[ -]?cache|prompt processing|re-?process(?:es|ed|ing)?|process(?:es|ed|ing)? the (?:whole|entire|full) prompt|max_model_len|gpu_memory_utilization|context[ -]?shift\w*|smart ?(?:context|cache)|cache_prompt|cache[ _-]reuse|llama[ _-]server|kobold\w*|gguf|ggml|n_ctx|inference (?:server|engine)s?|sglang|exllama\w*|tensorrt\w*|text-generation-inference)\b/i;

/**
 * Other APIs' own wire vocabulary: OpenAI's endpoint, error codes, console and tool schema
 * (`chat.completions`, `insufficient_quota`, `context_length_exceeded`, `tool_calls`, `tool_call_id`),
 * Gemini's methods and safety blocks (`generateContent`, `block_reason`), a local model server's address
 * (Ollama's port 11434). Anthropic's API never writes these, so a question quoting them is about that API
 * unless it names Claude outside a comparison (a gateway that serves Claude through an OpenAI-style
 * endpoint does).
 */
const OTHER_API_VOCABULARY =
  /\b(?:chat\.completions?|chat\/completions|insufficient_quota|context_length_exceeded|rate_limit_exceeded|invalid_api_key|platform\.openai\.com|api\.openai\.com|open ai|(?:stream)?generate_?content|generativelanguage\.googleapis|block_?reason|prompt_feedback|finish_?reason[\s:='"]*safety|api_key_invalid|tool_calls|tool_call_ids?|function_call)\b|(?:localhost|127\.0\.0\.1|0\.0\.0\.0)?:11434\b|\bport 11434\b/i;

/**
 * Open-weight models are named by their size in parameters ("llama-2-13b-chat", "Qwen1.5-7B-Chat",
 * "gpt-oss:20b") and shipped in quantised files ("Q4_K_M", "Q8_0", AWQ, GPTQ); Claude's model ids never
 * carry either. A name with a parameter count marks a model somebody serves themselves, whichever
 * family it is. The name must hold a letter outside a–f, so a hex id ("…-123b-…") is not a model.
 */
const PARAMETER_COUNT = /^(.*?[-_:/])(\d{1,4}(?:\.\d)?)b(?:[-_.:].*)?$/i;
const SIZED_MODEL = /\b\d{1,4}(?:\.\d)?b (?:models?|parameters?|instruct|chat)\b/i;
const QUANTISED = /\b(?:q[2-8]_(?:k(?:_[sml]|_xl)?|[01])|awq|gptq|exl2|int[48]|nf4)\b/i;

/** A model named the way open-weight models are: by parameter count, or by a quantisation format. */
export function namesOpenWeightModel(text: string): boolean {
  if (QUANTISED.test(text) || SIZED_MODEL.test(text)) return true;
  for (const token of text.split(/[\s,;()"'`[\]{}<>]+/)) {
    const m = PARAMETER_COUNT.exec(token);
    if (m && /[g-z]/i.test(m[1] ?? '')) return true;
  }
  return false;
}

/**
 * Services that resell Claude under quotas and model lists of their own (an IDE's plan, a cloud
 * agent): a limit or a missing model there is theirs to explain, not an Anthropic article's.
 */
const RESELLER =
  /\b(?:antigravity|copilot[ -]cli|cursor(?:'s)? (?:pro|plan|ide|editor|subscription|says|tells|shows)|in cursor|github copilot|copilot (?:pro|business|enterprise|chat)|windsurf|trae|poe\.com|perplexity)\b/i;
const LIMIT_OR_AVAILABILITY =
  /\b(?:rate[ -]?limit\w*|too many requests|(?:ran|run|running) out|(?:fast|premium) requests|quota\w*|limit(?:ed|s)?|usage|credits?|throttl\w*|not available|unavailable|can'?t (?:find|see|select)|missing models?)\b/i;

/** Limits or models of a service that resells Claude, not of Claude's own API. */
export function aboutResellerLimits(text: string): boolean {
  return RESELLER.test(text) && LIMIT_OR_AVAILABILITY.test(text);
}

/**
 * Other software named as the part that fails (a web server, a framework, a database, a build tool):
 * in a question with nothing that ties it to Claude, "413 Request Entity Too Large" or "field
 * required" is that software's message, however well the words match an article.
 */
const OTHER_STACK =
  /\b(?:nginx|apache|httpd|iis|express(?:js)?|django|flask|fastapi|rails|laravel|spring boot|tomcat|gunicorn|uvicorn|kubernetes|k8s|docker|postgres\w*|mysql|mongo\w*|redis|elasticsearch|jenkins|heroku|netlify|pdf\.js|pydantic|ajv|npm|pip|yarn|webpack|stripe|twilio|shopify|s3|dynamodb|sqs|firebase|supabase)\b/i;

/**
 * The standard reason phrases of HTTP statuses ("413 Request Entity Too Large", "502 Bad Gateway"),
 * with the status line around them: every web server, proxy and framework writes them, so in a question
 * with nothing that ties it to Claude they say nothing about which article is meant.
 */
const REASON_PHRASE =
  /(?:\bHTTP\/\d(?:\.\d)?\s+)?(?:\b[1-5]\d\d\s+)?\b(?:request entity too large|payload too large|content too large|too many requests|internal server error|bad gateway|service unavailable|gateway time-?out|request time-?out|bad request|unauthori[sz]ed|forbidden|not found|unprocessable (?:entity|content))\b/gi;

/** The text without HTTP reason phrases and the status lines that carry them. */
export function withoutReasonPhrases(text: string): string {
  return text.replace(REASON_PHRASE, ' ');
}

/** The question is about another piece of software (only asked of messages that do not name Claude). */
export function aboutOtherStack(text: string): boolean {
  return OTHER_STACK.test(text);
}

/** Claude Code is a client: "GLM models are unusable from Claude Code" is about the GLM model behind it. */
const CLAUDE_CODE_AS_CLIENT = /\bclaude[- ]code\b/gi;

/** A Claude consumer app (the desktop or mobile app, claude.ai in a browser), outside the API. */
const CONSUMER_APP =
  /\bclaude(?:\.ai\b| desktop\b| (?:mobile|ios|android|web|chrome) app\b| app\b| (?:chrome|browser) extension\b| in (?:slack|chrome|excel)\b| voice mode\b)/i;
/** Words of the developer platform: what ties a message about the app back to the API. */
const DEVELOPER_WORDS =
  /\b(?:api|sdk|claude code|code mode|bedrock|vertex|console|api[ _-]?key|model id|endpoint|requests?|tokens?|mcp)\b|(?<![\d.,])\b[1-5]\d\d\b(?![\d.,])/i;

/**
 * The message is about another vendor's model: one is named, and Claude is named at most in a sentence
 * that compares. Both the paste and the question path ask this (a GLM error reads like a Claude one).
 */
export function aboutOtherModel(text: string): boolean {
  if ((NOT_A_MODEL_CALL.test(text) || SELF_HOSTED_SERVING.test(text) || namesOpenWeightModel(text)) && !namesClaude(text)) return true;
  if (!OTHER_MODELS.test(text) && !OTHER_API_VOCABULARY.test(text)) return false;
  const own = text
    .replace(ANTHROPIC_AS_FORMAT, ' ')
    .replace(CLAUDE_CODE_AS_CLIENT, ' ')
    .split(/(?<=[.!?;])(?<!\b(?:e\.g|i\.e|etc|vs)\.)\s+|\n+/)
    .filter((s) => !COMPARISON.test(s))
    .join(' ');
  return !namesClaude(own);
}

/**
 * A local part that does not start or connect: an MCP server that cannot be spawned or reached ("spawn npx
 * ENOENT", "Server disconnected"), Claude Code's link to the IDE ("IDE disconnected", "no available IDEs
 * detected"), or the client's own installation or update ("Auto-update failed", "npm ERR! code EACCES").
 * It runs on the user's machine, and no article about Claude's API explains it. Questions
 * about what such a part sends to the API (tool schemas, names, the tokens its results cost, an API
 * status) stay ours.
 */
const PROGRAM_NOT_FOUND = /\bspawn\s+\S+\s+ENOENT\b|\bcommand not found\b|\bis not recognized as an internal or external command\b/i;
const LOCAL_PART = `(?:the |my |your |our )?(?:ide|vs ?code|visual studio code|jetbrains|intellij|pycharm|rider|mcp(?: servers?)?)`;
const LOCAL_LINK_DOWN = new RegExp(
  [
    String.raw`\b(?:connect(?:ion|ed)?|disconnected|start|launch|spawn) (?:to |from |with )?${LOCAL_PART}\b`,
    String.raw`\b(?:ide|mcp(?: servers?)?)(?: \S+)? (?:disconnected|connection (?:error|failed|refused))\b`,
    String.raw`\bno available ides? detected\b|\bserver disconnected\b|\btransport closed\b`,
  ].join('|'),
  'i',
);
const CLIENT_INSTALL =
  /\bauto[- ]?updat\w*(?: \w+)? (?:fail\w*|error|not work\w*|doesn'?t work)|\b(?:install(?:ation)?|update|upgrade)s? (?:fails?|failed|error)\b|\binsufficient permissions (?:for|to) (?:auto[- ]?updates?|install)|\bnpm (?:err!?|error) code E[A-Z]+\b|\bE(?:ACCES|PERM|NOTEMPTY)\b/i;
const SENT_TO_THE_API =
  /\b(?:input_?schema|schemas?|tool names?|(?:one|any|all)of|tokens?|rate[ -]?limit\w*|invalid_request_error|[45]\d\d)\b/i;

export function aboutLocalToolServer(text: string): boolean {
  if (SENT_TO_THE_API.test(text)) return false;
  return PROGRAM_NOT_FOUND.test(text) || LOCAL_LINK_DOWN.test(text) || CLIENT_INSTALL.test(text);
}

/** The message is about a Claude consumer app (Claude Desktop, claude.ai) with nothing of the API in it. */
export function aboutConsumerApp(text: string): boolean {
  return CONSUMER_APP.test(text) && !DEVELOPER_WORDS.test(text);
}

export function namesClaude(text: string): boolean {
  return /\b(?:claude|anthropic|opus|sonnet|haiku)\b/i.test(text);
}

/**
 * Not knowing how to do something ("I can't figure out how to use Sonnet with the 1M window", "not sure how
 * to set it up") is a how-to, not trouble: the "can't" is the asker's, not the API's.
 */
const HOWTO_IDIOM =
  /\b(?:can'?t|cannot|couldn'?t|unable to|not sure|(?:don'?t|do not|didn'?t|did not) (?:know|understand|see)) (?:(?:figure|work|find) out |understand |tell |see )?how\b/gi;

export function describesTrouble(text: string): boolean {
  return TROUBLE.test(withoutMoney(text).replace(HOWTO_IDIOM, ' how'));
}

/**
 * Families of problems every model API has, in the words every API uses: a key that is refused, a
 * rate limit, a quota, a bill, a context length, a timeout, a model that is not found, a CLI's usage
 * cap. "All my requests fail with Invalid API key" is as likely GitHub's or Gemini's as Claude's.
 */
const UNIVERSAL_FAMILIES = new Set([
  'auth-billing-permissions',
  'rate-limits-overload',
  'context-window',
  'claude-code',
  'sdk-client-network',
  'models-and-versions',
]);

/**
 * The article is about a feature only Claude's API has in that shape (content blocks, extended
 * thinking, tool-use schemas, prompt caching, PDFs and images, structured outputs, batches, beta
 * headers, Bedrock and Vertex errors): a question in its words is about Claude even when Claude is
 * not named ("SDK returns empty text blocks, but does not accept them"). An article whose error text
 * any server writes (`context_required`) never is.
 */
export function asksAboutClaudeFeature(article: Article): boolean {
  if (article.contextRequired || UNIVERSAL_FAMILIES.has(article.family)) return false;
  return CLOUD_FAMILIES.has(article.family) || !article.httpStatus.some((s) => UNIVERSAL_STATUSES.has(s));
}

/**
 * Statuses that mean the same on every server (a body too large, too many requests, a server or
 * gateway failure): an article about one is universal whatever its family. Bedrock's and Vertex's
 * articles keep their own words (ThrottlingException, RESOURCE_EXHAUSTED) and stay features.
 */
const UNIVERSAL_STATUSES = new Set([413, 429, 500, 502, 503, 504, 529]);
const CLOUD_FAMILIES = new Set(['bedrock', 'vertex']);
