import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { dispatch, type ReplySink } from '../../src/bot/dispatch.js';
import { redact } from '../../src/bot/redact.js';
import { renderDiscord } from '../../src/render/discord.js';
import { renderSlack } from '../../src/render/slack.js';
import { botFixture, PASTES } from '../helpers/bot.js';

// Made-up credentials in the real formats (none is valid anywhere).
const SECRETS = {
  anthropic: 'sk-ant-api03-Zq9Xw8Vu7Ts6Rr5Qp4On3Mm2Ll1Kk0Jj9Ii8Hh7Gg6Ff5Ee4Dd3Cc2Bb1Aa0ZzYyXxWwVvUuTtSsRrQqPpOoNnMm-AbCdEfGh',
  awsAccessKey: 'AKIAZ7Q3N5R2T8W4X6Y9',
  awsSecret: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq9Wv3TgQp',
  googleKey:
    '"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n"',
  bearer: 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  slackBot: 'xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  slackApp: 'xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef0123456789',
  discord: 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab',
  urlPassword: 'postgres://svc_user:S3cr3tPassw0rd!@db.internal:5432/app',
};

describe('secret redaction', () => {
  it.each(Object.entries(SECRETS))('removes %s', (_kind, secret) => {
    const r = redact(`before ${secret} after`);
    expect(r.found.length).toBeGreaterThan(0);
    const sensitive = secret.includes('PRIVATE KEY')
      ? 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'
      : secret.replace(/^.*?(?:= |: Bearer |:\/\/svc_user:)/, '');
    expect(r.text).not.toContain(sensitive.slice(0, 30));
    expect(r.text).toContain('before');
    expect(r.text).toContain('after');
  });

  it('leaves error text alone', () => {
    expect(redact(PASTES.promptTooLong)).toEqual({ text: PASTES.promptTooLong, found: [], liveSecret: false });
  });

  it('no secret reaches the data file, the logs or any outgoing payload', async () => {
    const { core, store, file, lines, logger, msg } = await botFixture();
    const all = Object.values(SECRETS).join('\n');
    const m = msg({ via: 'mention', channelId: 'C-OTHER', text: `here is my setup\n${all}\n${PASTES.promptTooLong}` });
    const d = await core.handleMessage(m);
    expect(d.outcome).toBe('answered');
    expect(d.actions[0]).toMatchObject({ type: 'ephemeral', userId: m.userId, text: expect.stringContaining('revoke it') });

    // Also a paste the bot cannot place (stored as a knowledge gap with an example).
    await core.handleMessage(msg({ via: 'mention', channelId: 'C-OTHER', text: `${all}\n${PASTES.unknownError}` }));

    const outgoing: string[] = [];
    const sink: ReplySink = {
      postAnswer: async (_t, answer) => {
        outgoing.push(JSON.stringify(renderSlack(answer)), JSON.stringify(renderDiscord(answer)));
        return 'M1';
      },
      updateAnswer: async () => undefined,
      postEphemeral: async (a) => void outgoing.push(a.text),
      postHandoff: async (_t, text) => void outgoing.push(text),
    };
    await dispatch(d, sink, { core, logger, userId: m.userId, explicit: true });
    logger.info({ paste: all }, 'a log line that tries to carry secrets');
    logger.info(`inline ${SECRETS.anthropic}`);
    await store.flush();
    const dataFile = await readFile(file, 'utf8');
    const haystacks = { dataFile, logs: lines.join('\n'), outgoing: outgoing.join('\n'), redactedText: d.redactedText ?? '' };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [kind, secret] of Object.entries(SECRETS)) {
        const core_ =
          kind === 'googleKey'
            ? 'MIIEvQIBADANBgkqhkiG9w0'
            : kind === 'urlPassword'
              ? 'S3cr3tPassw0rd'
              : kind === 'awsSecret'
                ? 'wJalrXUtnFEMI'
                : kind === 'bearer'
                  ? 'eyJhbGciOiJIUzI1NiJ9'
                  : secret;
        expect(text.includes(core_), `${kind} leaked into ${where}`).toBe(false);
      }
    }
    expect(dataFile).toContain('frobnication'); // the gap example is there, redacted
  });
});
