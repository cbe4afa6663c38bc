import { describe, expect, it } from 'vitest';
import { ask, shownArticles } from '../../src/core/ask.js';
import {
  aboutConsumerApp,
  aboutLocalToolServer,
  aboutOtherModel,
  aboutOtherStack,
  aboutResellerLimits,
  asksAboutClaudeFeature,
  buildQuestionIndex,
  describesTrouble,
  namesOpenWeightModel,
  quotesClaudeError,
  withoutReasonPhrases,
} from '../../src/core/questions.js';
import { kbFrom, realKb } from '../helpers/kb.js';

// Questions written for these tests (not taken from any evaluation set).

describe("another vendor's model in the message, on both the paste and the question path", () => {
  it.each([
    'Running Qwen3-Coder through our gateway, every call fails with 400 Extra inputs are not permitted. Works fine with Claude Sonnet.',
    'With glm-4.6 selected as the model the tool calls fail with a JSON parsing error; other models (e.g. Claude) do not have this issue.',
    'Kimi K2 via Moonshot keeps returning 429 rate limit errors after ten requests, why?',
    'I deployed my model on KServe and get "upstream connect error or disconnect/reset before headers. reset reason: connection failure", how do I fix it?',
  ])('is not answered as a Claude error: %s', async (text) => {
    const kb = await realKb();
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, kb)).answered).toBe(false);
  });

  it('a Claude question that mentions another vendor to compare is still ours', async () => {
    const text = 'Claude Sonnet returns 429 rate_limit_error on our org even under the limit; the same code works fine with GPT-4o.';
    expect(aboutOtherModel(text)).toBe(false);
    const kb = await realKb();
    expect(shownArticles(ask(text, kb)).answered).toBe(true);
  });

  it.each([
    'Our gateway exposes an Anthropic-compatible endpoint; every GLM model fails with 422 when tools are sent. Why?',
    'Using DeepSeek through the Anthropic API format in our proxy, streaming stops after the first event.',
  ])('"Anthropic" naming only the wire format of a gateway does not make another vendor\'s model ours: %s', async (text) => {
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it("Claude Code named only as the client of another vendor's model does not make the model ours", async () => {
    const text = 'Kimi K2 behind our router breaks in Claude Code: every request with tools gets a 400 schema error.';
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
    expect(aboutOtherModel('Claude Code with Opus gets 429 from our gateway. Qwen works fine there.')).toBe(false);
  });

  it('the Anthropic endpoint named by a Claude user, with no other model, stays ours', () => {
    expect(aboutOtherModel('The Anthropic endpoint returns 529 overloaded for Claude Opus since this morning.')).toBe(false);
  });

  it('"e.g." inside a comparison does not split it into a sentence that names Claude', () => {
    expect(aboutOtherModel('GLM-5 fails with a 400 here. The same setup works fine with Anthropic models (e.g. Opus).')).toBe(true);
  });
});

describe('Claude consumer apps are not the API', () => {
  it.each([
    'In Claude Desktop on macOS the app cannot read more than a few hundred pages of a PDF, is there a setting for this?',
    'claude.ai in the browser forgets my project files after a while, can this be changed?',
  ])('an app question with nothing of the API does not count as tied to Claude: %s', async (text) => {
    expect(aboutConsumerApp(text)).toBe(true);
    const kb = await realKb();
    expect(shownArticles(ask(text, kb)).answered).toBe(false);
  });

  it('the app named next to the API or Claude Code is still a developer question', () => {
    expect(aboutConsumerApp('Claude Desktop works but my API key gives 401 in the SDK')).toBe(false);
    // Claude Desktop's Code mode runs Claude Code.
    expect(aboutConsumerApp('Claude Desktop Code mode fails behind our corporate proxy')).toBe(false);
    expect(aboutConsumerApp('claude.ai shows usage left but Claude Code says I hit my limit')).toBe(false);
    expect(aboutConsumerApp('Claude Desktop reads only 100.000 characters of a PDF')).toBe(true);
  });
});

describe('a generic server error asked in words with nothing that ties it to Claude', () => {
  it('is not answered from the paste path; the same error named with Claude is', async () => {
    const kb = await realKb();
    const bare =
      'Our ingress keeps answering "upstream connect error or disconnect/reset before headers. reset reason: connection termination" since the deploy, any idea?';
    expect(ask(bare, kb).kind).toBe('question');
    const tied =
      'Calling the Anthropic API from our service I get "upstream connect error or disconnect/reset before headers. reset reason: connection termination", any idea?';
    const outcome = ask(tied, kb);
    expect(outcome.kind).toBe('diagnosis');
    expect(shownArticles(outcome).ids).toContain('api-503-upstream-connect-error');
  });
});

describe('how-to questions get no guesses', () => {
  it.each([
    'Is prompt caching available for Claude models on Bedrock and Vertex, or only on the Anthropic API?',
    'Where do I pick which Claude model the SDK uses by default?',
  ])('no trouble in it and no article standing out: no "might be" list: %s', async (text) => {
    expect(describesTrouble(text)).toBe(false);
    const kb = await realKb();
    const outcome = ask(text, kb);
    expect(outcome.kind === 'question' ? outcome.question.verdict : 'diagnosis').not.toBe('maybe');
  });

  it('not knowing how to do something is a how-to, not trouble; the same words about the API are trouble', () => {
    expect(describesTrouble("I can't figure out how to turn on the 1M context window for Sonnet")).toBe(false);
    expect(describesTrouble('Not sure how to point the SDK at our gateway')).toBe(false);
    expect(describesTrouble("The SDK can't reach our gateway since this morning")).toBe(true);
  });

  it('an answer that stops short counts as trouble, however it is worded', () => {
    expect(describesTrouble('the generation always cuts off before the whole answer is written')).toBe(true);
    expect(describesTrouble('the agent stops before finishing the last step')).toBe(true);
    expect(describesTrouble('responses come back incomplete on long documents')).toBe(true);
    expect(describesTrouble('how do I stop the agent from asking before each edit?')).toBe(false);
  });

  it('words of billing trouble count as trouble', () => {
    expect(describesTrouble('Claude Code is using my API credits instead of my Max plan')).toBe(true);
    expect(describesTrouble('why was I charged twice for cache writes?')).toBe(true);
  });
});

describe('more vendors and cloud work that is not a model call', () => {
  it.each([
    'Bedrock Titan embeddings return ValidationException malformed input request',
    'Groq returns rate_limit_exceeded after ten requests on the free tier, is that normal?',
    'Cohere embed endpoint rejects my request with invalid api token, what scopes do I need?',
    'ResourceExhausted 429 on Vertex: quota metrics exceed limits for custom model training on TPU v3',
    'Permission denied when my Vertex AI training job tries to write to the bucket',
    'Our Vertex pipeline fails with 403 because the default compute service account lacks a role, which one?',
    'Running the example forecasting.ipynb on Vertex I get PermissionDenied 403 on the project',
    'gcloud ai tensorboards create says PERMISSION_DENIED on my Vertex project',
  ])('is not answered as a Claude question: %s', async (text) => {
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it.each([
    'The prompt cache of my local server is never reused: every turn it reprocesses the full history',
    'Prompt caching does not work, the KV cache is dropped and prompt processing starts from zero each time',
    'With the inference server behind our gateway cache_read_input_tokens is always 0, why?',
  ])('serving a model yourself is not Claude prompt caching: %s', async (text) => {
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it('the same caching words with Claude named stay ours', async () => {
    const text = 'Claude reprocesses the full prompt every turn: cache_read_input_tokens is always 0 although I set cache_control';
    expect(aboutOtherModel(text)).toBe(false);
    expect(shownArticles(ask(text, await realKb())).ids).toContain('cache-not-hit-zero-cache-read');
  });

  it('Claude named next to GPU words is still ours to judge', () => {
    expect(aboutOtherModel('Claude on Vertex returns 429 while our GPU jobs run in the same project')).toBe(false);
  });
});

describe("a reseller's own limits", () => {
  it.each([
    'Cursor tells me I ran out of fast requests for claude-sonnet on the pro plan',
    'Claude models worked in Antigravity this morning but now it says I am rate limited',
    'GitHub Copilot chat says I reached my monthly limit of premium requests for Claude',
    'Copilot CLI says the model claude-sonnet-4 is not available for my organization, who enables it?',
  ])('are not explained by an Anthropic article: %s', async (text) => {
    expect(aboutResellerLimits(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it('the reseller named without a limit or availability question is not caught', () => {
    expect(aboutResellerLimits('In Cursor, Claude answers with 400 text content blocks must be non-empty')).toBe(false);
  });
});

describe('other software named in a question with no tie to Claude', () => {
  it.each([
    'nginx answers 413 Request Entity Too Large when users upload images, how do I raise client_max_body_size?',
    'pydantic ValidationError field required for a nested model, what am I missing?',
    'PDF.js cannot render documents with more than 100 pages smoothly',
  ])('gets no article however well its words match: %s', async (text) => {
    expect(aboutOtherStack(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it('the same software named in a Claude question does not block the answer', async () => {
    const text = 'Behind our nginx proxy the Anthropic API answers 413 request_too_large for a big batch of PDFs';
    const shown = shownArticles(ask(text, await realKb()));
    expect(shown.answered).toBe(true);
    expect(shown.ids).toContain('request-too-large-413');
  });

  it('an error any stack writes (an article marked context_required) asked with no tie to Claude gets nothing', async () => {
    const text = 'npm install fails with self signed certificate in certificate chain behind the company proxy';
    expect(aboutOtherStack(text)).toBe(true);
    const bare = 'Every HTTPS call fails with self signed certificate in certificate chain behind the company proxy';
    expect(shownArticles(ask(bare, await realKb())).answered).toBe(false);
  });
});

describe("Claude's consumer app asked about in words", () => {
  it.each([
    'The Claude Chrome extension cannot read the page I am on',
    'Claude in Slack stopped replying to my mentions in our workspace',
    'Claude voice mode on Android cuts me off mid sentence',
  ])('the extension, the Slack app and voice mode are apps too: %s', async (text) => {
    expect(aboutConsumerApp(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it('gets no API article even when the words match one strongly', async () => {
    const text = 'Claude.ai says I reached the message limit for today, when does it reset?';
    expect(aboutConsumerApp(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });
});

describe('a status code with its standard reason phrase', () => {
  it('does not tie a message in words to Claude; the same words with the API named do', async () => {
    const kb = await realKb();
    expect(shownArticles(ask('Our internal service returns 500 internal server error only in production', kb)).answered).toBe(false);
    const tied = shownArticles(ask('The Anthropic API returns 500 internal server error only in production', kb));
    expect(tied.answered).toBe(true);
    expect(tied.ids).toContain('api-error-500-internal-server-error');
  });
});

describe('HTTP reason phrases in a question with no tie to Claude', () => {
  it("are every server's words and leave the scoring, with the status line that carries them", () => {
    expect(withoutReasonPhrases('HTTP/1.1 413 Request Entity Too Large, then 502 Bad Gateway').replace(/\s+/g, ' ').trim()).toBe(', then');
    expect(withoutReasonPhrases('the body is too large for the gateway')).toBe('the body is too large for the gateway');
  });

  it.each([
    'HTTP/1.1 413 Request Entity Too Large when I upload a file. How do I raise the maximum request body size?',
    'Payload Too Large: request body size exceeds the maximum when posting the form, what can I change?',
  ])('a body-size question is answered by nothing: %s', async (text) => {
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it('an article on a status every server gives is universal whatever its family; cloud articles keep their own words', () => {
    const kb = kbFrom([
      { id: 'body-too-big', family: 'request-validation', http_status: 413, signatures: ['body too big'] },
      { id: 'cloud-throttle', family: 'bedrock', http_status: 429, signatures: ['cloud throttle'] },
      { id: 'block-shape', family: 'request-validation', http_status: 400, signatures: ['block shape'] },
    ]);
    const feature = Object.fromEntries(kb.articles.map((a) => [a.id, asksAboutClaudeFeature(a)]));
    expect(feature).toEqual({ 'body-too-big': false, 'cloud-throttle': true, 'block-shape': true });
  });
});

describe('quoting an error message only Anthropic writes', () => {
  it('ties a question to Claude when Claude is not named; a phrase every server writes does not', async () => {
    const kb = await realKb();
    const index = buildQuestionIndex(kb.articles);
    const quoted = 'Since this morning every call says the organization has been disabled, what happened?';
    expect(quotesClaudeError(index, quoted)).toBe(true);
    expect(shownArticles(ask(quoted, kb))).toEqual({ ids: ['organization-disabled'], answered: true });
    expect(quotesClaudeError(index, 'our backend returns 500 internal server error again')).toBe(false);
  });
});

describe('more words of trouble', () => {
  it.each([
    'my organization was disabled overnight',
    'the cache does not seem to work',
    'our team ran out of credits',
    'responses are truncated halfway',
    'getting 429s all day',
  ])('count as trouble: %s', (text) => {
    expect(describesTrouble(text)).toBe(true);
  });
});

describe("another API's own wire vocabulary, with no vendor named", () => {
  it.each([
    'Our nightly job calls client.chat.completions.create and since Monday every call fails with insufficient_quota, though the card is valid.',
    'The batch script stops with code context_length_exceeded once the documents get longer than a few pages, how do I fix it?',
    'Every generateContent call from the backend comes back 429 after about fifty requests a minute.',
    'My agent cannot reach the model at localhost:11434, connection refused even though the server is up.',
    'The response has no candidates and prompt_feedback says block_reason OTHER, what does that mean?',
    'Why does the server process the whole prompt again on every request instead of reusing the cache?',
  ])('is about that API, not Claude: %s', async (text) => {
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it.each([
    'Why do I get context_length_exceeded? The input plus max_tokens exceed the context window of the model, even though my prompt is short.',
    'The nightly job fails with insufficient_quota; my credit balance is too low they say, but I topped up the billing yesterday.',
    'Requests to localhost:11434 hit the rate limit: 429 too many requests per minute for the organization even at low usage.',
    'The Open AI model says maximum context length exceeded: input plus max_tokens exceed the context limit, how do I reduce it?',
    'My generateContent requests with a PDF fail: the PDF page limit is exceeded for a 150 page document.',
    'Every second turn fails: the assistant message with tool_calls has no tool result after it for each tool_call_id, how do I order the tool results?',
  ])('in words that match a Claude article well, is still not answered as Claude: %s', async (text) => {
    // Each of these is answered with a Claude article when the other API's vocabulary is not read.
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it.each([
    'Claude Sonnet through LiteLLM chat.completions returns 429 rate_limit_error under our tier limits.',
    'Anthropic prompt caching: cache_read_input_tokens stays 0 although the system prompt is identical between requests.',
  ])('naming Claude keeps the question ours: %s', (text) => {
    expect(aboutOtherModel(text)).toBe(false);
  });
});

describe('a model named by parameter count or quantisation format is an open-weight model', () => {
  it.each([
    // Each is answered with a Claude article when the model's name is not read.
    'Our Phoenix-34b-instruct build rejects the request: tool input schema with anyOf at the top level is not supported, what can I do?',
    'orca-mini:3b keeps saying the thinking budget must be less than max_tokens when I enable extended thinking',
    'The prompt cache is never hit with starling-7b-alpha: cache_read_input_tokens is 0 even though the system prompt is identical',
    'With the Q5_K_M file loaded, the PDF page limit is exceeded for a 120 page document, how do I split it?',
  ])('is not asked about Claude: %s', async (text) => {
    expect(namesOpenWeightModel(text)).toBe(true);
    expect(aboutOtherModel(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it.each([
    'claude-sonnet-4-5-20250929 returns 529 overloaded on every third request',
    'Feedback ID: 5f0c1e2a-77d4-4c3b-123b-0a9e8f7d6c5b, the request failed with 400',
    'I uploaded a 25 MB PDF and a 3 MB image; the request was rejected',
    'We spent 2b tokens last month and got a 429 today',
  ])('sizes, hex ids and Claude ids are not parameter counts: %s', (text) => {
    expect(namesOpenWeightModel(text)).toBe(false);
  });

  it.each([
    'Running orca-mini:3b on the office box, requests time out after 60 seconds with a 504.',
    'The 12B model starts fine but every request over 8k tokens fails with a context error.',
  ])('a parameter count in any spelling: %s', (text) => {
    expect(namesOpenWeightModel(text)).toBe(true);
  });

  it('naming Claude keeps the question ours even beside a sized model', () => {
    expect(aboutOtherModel('Claude Opus returns 429 rate_limit_error while our local llama-3-8b works; why is Claude limited?')).toBe(
      false,
    );
  });
});

describe('a local tool server or program that does not start or connect', () => {
  it.each([
    // Both are answered with connection articles when the local server is not read.
    'After adding my weather MCP server, Claude Desktop says it could not connect to the MCP server and the connection error comes back on every restart.',
    'My Claude Desktop MCP connection failed again today; the server shows as disconnected and the request never reaches it. Why?',
  ])('is not answered with an API article, Claude named or not: %s', async (text) => {
    expect(aboutLocalToolServer(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it.each([
    // Both are answered with connection articles when the IDE link is not read.
    'Claude Code keeps saying IDE disconnected whenever I run the test suite, and /ide then fails to connect to VS Code again.',
    'In the JetBrains terminal Claude Code reports no available IDEs detected, although the plugin is installed; the connection to the IDE fails every time.',
  ])("Claude Code's link to the IDE is not an API connection: %s", async (text) => {
    expect(aboutLocalToolServer(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
  });

  it('an API connection error seen inside the IDE stays ours', async () => {
    const text =
      'Claude Code in VS Code shows API Error: Connection error while the IDE is connected fine, why does the request to the API fail?';
    expect(aboutLocalToolServer(text)).toBe(false);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(true);
  });

  it("the client's own update is not an API question", async () => {
    // Answered with Claude Code articles when the update is not read.
    const text =
      'Claude Code shows Auto-update failed every morning and the permission fix from claude doctor does not help, how do I get rid of it?';
    expect(aboutLocalToolServer(text)).toBe(true);
    expect(shownArticles(ask(text, await realKb())).answered).toBe(false);
    expect(aboutLocalToolServer('Upgrading Claude Code on my Mac: the update fails with npm ERR! code EPERM.')).toBe(true);
  });

  it('an API error seen after an update stays ours', () => {
    expect(aboutLocalToolServer('After the update Claude Code returns 400 invalid_request_error on every request, what changed?')).toBe(
      false,
    );
  });

  it("a launcher that is not found is the machine's problem", () => {
    expect(aboutLocalToolServer('Claude Code cannot start my MCP server: spawn uvx ENOENT, then Server disconnected.')).toBe(true);
  });

  it.each([
    'Claude Code rejects my MCP server because a tool input_schema uses anyOf at the top level, how do I fix the schema?',
    'Our MCP server cannot connect because every call returns 429 rate_limit_error from the API.',
  ])('what an MCP server sends to the API stays ours: %s', (text) => {
    expect(aboutLocalToolServer(text)).toBe(false);
  });
});
