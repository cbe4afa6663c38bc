import type { App } from '@slack/bolt';
import { homeView } from '../../home.js';
import { background, type SlackRuntime } from '../../runtime.js';

/** The App Home tab: helpfulness per article, top knowledge gaps, and how each channel is set up. */
export function registerAppHomeOpened(app: App, rt: SlackRuntime): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    void background(rt, 'publishing App Home', async () => {
      try {
        const view = await homeView(rt, body.team_id);
        await rt.api.call('views.publish', (c) => c.views.publish({ user_id: event.user, view }));
      } catch (err) {
        rt.api.logFailure(err, 'publishing App Home', { user: event.user });
      }
    });
  });
}
