import type { App, BlockAction, ButtonAction, StaticSelectAction, types } from '@slack/bolt';
import { NOT_A_HELPER } from '../../../../bot/helper-actions.js';
import { renderSlack, SLACK_ACTIONS } from '../../../../render/slack.js';
import { timedAck } from '../../ack.js';
import { slackHelperCheck } from '../../helpers.js';
import { background, type SlackRuntime } from '../../runtime.js';
import { actionPlace } from './feedback.js';

/** The article picker offered to a helper: an external select whose options come from the article search. */
export const CORRECT_PICK = 'correct_pick';
const BLOCK = 'correct:';

/**
 * "Wrong article?" under an answer. Helpers get a private picker (type to search the knowledge base);
 * everyone else a private explanation. The pick is stored (it steers the ranking for this error in this
 * workspace) before it is shown in the thread as "@helper says the right article is X", with the article.
 */
export function registerCorrect(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(SLACK_ACTIONS.correct, async ({ ack, body, action }) => {
    await timedAck(rt, 'action', ack);
    void background(rt, 'opening the article picker', async () => {
      const { channelId, threadId } = actionPlace(body);
      if (!channelId) return;
      const answerId = action.value ?? '';
      const answer = await rt.ctx.store.getAnswer(answerId);
      const helper =
        answer &&
        (await rt.ctx.helperActions.helpers.isHelper('slack', answer.community, body.user.id, slackHelperCheck(rt, body.user.id)));
      if (!answer) return void (await rt.sink.ephemeral(channelId, body.user.id, 'That answer is too old to correct.', threadId));
      if (!helper) return void (await rt.sink.ephemeral(channelId, body.user.id, NOT_A_HELPER, threadId));
      await rt.sink.ephemeral(channelId, body.user.id, 'Which article is right for this error?', threadId, pickerBlocks(answerId));
    });
  });

  // Options for the picker as the helper types (Slack asks the same request URL, or the socket).
  app.options<'block_suggestion'>({ action_id: CORRECT_PICK }, async ({ ack, body }) => {
    const answerId = String(body.block_id ?? '').startsWith(BLOCK) ? String(body.block_id).slice(BLOCK.length) : '';
    const found = await rt.ctx.helperActions.choices(answerId, String(body.value ?? ''), 100);
    await ack({
      options: (found?.articles ?? []).map((a) => ({
        text: { type: 'plain_text' as const, text: a.title.slice(0, 75) },
        value: a.id.slice(0, 150),
      })),
    });
  });

  app.action<BlockAction<StaticSelectAction>>(CORRECT_PICK, async ({ ack, body, action }) => {
    await timedAck(rt, 'action', ack);
    void background(rt, 'recording a correction', async () => {
      const answerId = action.block_id.startsWith(BLOCK) ? action.block_id.slice(BLOCK.length) : '';
      const articleId = action.selected_option?.value ?? '';
      const userId = body.user.id;
      const r = await rt.ctx.helperActions.correct('slack', answerId, userId, articleId, slackHelperCheck(rt, userId));
      const { channelId } = actionPlace(body);
      const tell = (text: string) => (channelId ? rt.sink.ephemeral(channelId, userId, text, null) : Promise.resolve());
      if (!r.ok) return void (await tell(r.text));
      const intro = `<@${userId}> says the right article is *${r.article.title.replace(/[*<>&]/g, '')}*`;
      const { blocks } = renderSlack(r.post);
      const thread = r.answer.threadId;
      await rt.api.call('chat.postMessage', (c) =>
        c.chat.postMessage({
          channel: r.answer.channelId,
          thread_ts: thread,
          text: intro,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: intro } }, ...(blocks as types.KnownBlock[])].slice(0, 50),
          unfurl_links: false,
        }),
      );
      await tell(`Thanks: noted. For this error in this workspace I will now rank \`${r.article.id}\` higher.`);
    });
  });
}

function pickerBlocks(answerId: string): types.KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: 'Which article is right for this error? Type to search by title, id or error.' } },
    {
      type: 'actions',
      block_id: `${BLOCK}${answerId}`.slice(0, 255),
      elements: [
        {
          type: 'external_select',
          action_id: CORRECT_PICK,
          placeholder: { type: 'plain_text', text: 'Search the knowledge base' },
          min_query_length: 0,
        },
      ],
    },
  ];
}
