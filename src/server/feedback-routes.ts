import { FEEDBACK_REASONS, isFeedbackReason, type VoteValue } from '../bot/store.js';
import type { AppContext } from '../context.js';
import type { LocalAccess } from './access.js';
import { HttpError, sendJson } from './http.js';

/** The playground's buttons: a vote (with an optional reason) and "talk to a human" on an answer. */
export function registerFeedbackRoutes(ctx: AppContext, access: LocalAccess): void {
  const { http, core } = ctx;
  const { authorised, userOf, jsonBody } = access;

  http.route('POST', '/api/votes', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const userId = userOf(req, res);
    const body = await jsonBody<{ answerId?: unknown; value?: unknown; reason?: unknown }>(req);
    if (typeof body.answerId !== 'string' || (body.value !== 'up' && body.value !== 'down'))
      throw new HttpError(400, 'answerId and value (up|down) are required');
    if (body.reason !== undefined && !isFeedbackReason(body.reason)) {
      throw new HttpError(400, `reason must be one of ${Object.keys(FEEDBACK_REASONS).join(', ')}`);
    }
    const result = await core.vote('local', body.answerId, userId, body.value as VoteValue, body.reason);
    sendJson(res, result.ok ? 200 : 404, result);
  });

  http.route('POST', '/api/escalate', async (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const userId = userOf(req, res);
    const body = await jsonBody<{ answerId?: unknown }>(req);
    if (typeof body.answerId !== 'string') throw new HttpError(400, 'answerId is required');
    const result = await core.escalate('local', body.answerId, userId);
    sendJson(res, result.action ? 200 : 404, { text: result.text, handoff: result.action?.type === 'handoff' ? result.action.text : null });
  });
}
