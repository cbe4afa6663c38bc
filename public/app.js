// diagnose-bot local page: send pastes, show the threaded answer, vote. No framework, no build step.
'use strict';

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok && !data.text) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children || []) node.append(c);
  return node;
}

function renderThread(thread) {
  const article = el('article', { class: 'thread', 'data-thread-id': thread.id });
  for (const post of thread.posts) {
    const box = el('div', { class: `post ${post.author}` }, [el('span', { class: 'who' }, [post.author === 'user' ? 'you' : 'diagnose-bot'])]);
    if (post.author === 'user') box.append(el('pre', { tabindex: '0' }, [post.text || '']));
    else if (post.html) box.insertAdjacentHTML('beforeend', post.html); // server-rendered and escaped
    else box.append(el('p', { class: 'notice' }, [post.notice || '']));
    article.append(box);
  }
  return article;
}

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('paste-form');
  const channel = document.getElementById('channel');
  if (form && channel) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      const text = form.elements.text.value;
      const mode = form.elements.mode.value;
      // Busy, not disabled: a disabled button drops the keyboard focus to the page.
      if (button.getAttribute('aria-busy') === 'true') return;
      button.setAttribute('aria-busy', 'true');
      try {
        const data = await postJson('/api/messages', { text, mode });
        const thread = renderThread(data.thread);
        if (data.thread.posts.length === 1) {
          thread.append(el('p', { class: 'silent' }, [`(the bot stayed silent: ${data.outcome})`]));
        }
        channel.prepend(thread);
        form.elements.text.value = '';
      } catch (err) {
        channel.prepend(el('p', { class: 'error', role: 'alert' }, [`Could not send: ${err.message}`]));
      } finally {
        button.removeAttribute('aria-busy');
      }
    });
  }

  document.body.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-vote], button[data-escalate], button[data-reason]');
    if (!button) return;
    const answer = button.closest('.answer');
    const status = answer.querySelector('.feedback-status');
    const reasons = answer.querySelector('.reasons');
    const answerId = answer.dataset.answerId;
    try {
      let data;
      if (button.dataset.vote) data = await postJson('/api/votes', { answerId, value: button.dataset.vote });
      else if (button.dataset.reason) data = await postJson('/api/votes', { answerId, value: 'down', reason: button.dataset.reason });
      else data = await postJson('/api/escalate', { answerId });
      status.textContent = data.text;
      // After "Not helpful", offer the reasons; giving one (or any other click) hides them again.
      if (reasons) reasons.hidden = button.dataset.vote !== 'down';
      if (button.dataset.vote) {
        for (const b of answer.querySelectorAll('button[data-vote]')) b.setAttribute('aria-pressed', String(b === button));
      }
    } catch (err) {
      status.textContent = `Could not record that: ${err.message}`;
    }
  });

  // Dashboard: link a gap to an article, dismiss it, or reopen it (JSON posts, like votes).
  document.body.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-gap]');
    if (!button) return;
    const box = button.closest('.gap-actions');
    const status = box.querySelector('.gap-status');
    const input = box.querySelector('input[name=article]');
    const action = button.dataset.gap;
    if (action === 'link' && !(input && input.value.trim())) {
      status.textContent = 'Type the id of the article that covers it first.';
      if (input) input.focus();
      return;
    }
    try {
      const data = await postJson('/api/gaps', { fingerprint: box.dataset.fingerprint, action, article: input ? input.value.trim() : undefined });
      status.textContent = `${data.text} Reload to see the lists updated.`;
      for (const b of box.querySelectorAll('button')) b.setAttribute('aria-disabled', 'true');
      box.dataset.done = action;
    } catch (err) {
      status.textContent = `Could not do that: ${err.message}`;
    }
  });
});
