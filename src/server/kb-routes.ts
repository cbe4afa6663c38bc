import type { AppContext } from '../context.js';
import type { Authorise } from './access.js';
import { esc, markdown, page } from './html.js';
import { decodePathSegment, sendHtml } from './http.js';
import { kbListHtml } from './kb-page.js';

/** The knowledge base as pages: the list (with search) and one page per article. */
export function registerKbRoutes(ctx: AppContext, authorised: Authorise): void {
  const { http, knowledge } = ctx;

  http.route('GET', '/kb', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    sendHtml(res, 200, page('Knowledge base', kbListHtml(knowledge.current, url.searchParams.get('q') ?? ''), { active: 'kb' }));
  });

  http.route('GET', '/kb/*', (req, res, url) => {
    if (!authorised(req, res, url)) return;
    const id = decodePathSegment(url.pathname.slice('/kb/'.length));
    const a = knowledge.current.byId.get(id);
    if (!a) {
      sendHtml(res, 404, page('Not found', `<h1>Not found</h1><p>No article <code>${esc(id)}</code>.</p>`, { active: 'kb' }));
      return;
    }
    const meta = `<code>${esc(a.id)}</code> · ${esc(a.family)} · ${esc(a.providers.join(', '))}${a.httpStatus.length ? ` · HTTP ${esc(a.httpStatus.join('/'))}` : ''}`;
    const sources = a.sources.map((s) => `<li><a href="${esc(s)}" rel="noopener noreferrer" target="_blank">${esc(s)}</a></li>`).join('');
    const body = `<article class="kb"><h1>${esc(a.title)}</h1><p class="meta">${meta}</p>
<h2>Cause</h2>${markdown(a.cause)}<h2>Fix</h2>${markdown(a.fix)}${a.details ? `<h2>Details</h2>${markdown(a.details)}` : ''}
<h2>Sources</h2><ul>${sources}</ul>
<p><a href="/dashboard/article/${esc(a.id)}">Answers and votes for this article</a></p></article>`;
    sendHtml(res, 200, page(a.title, body, { active: 'kb' }));
  });
}
