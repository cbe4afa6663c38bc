/**
 * The last few messages of recent threads, redacted and bounded, so a follow-up question ("that didn't
 * work, I'm on Bedrock") can be read with what came before it. In memory only: after a restart a
 * follow-up is answered on its own words, as before.
 */
export class ThreadMemory {
  private readonly threads = new Map<string, string[]>();

  constructor(private readonly limits = { threads: 1_000, messages: 6, chars: 1_500 }) {}

  /** The thread's earlier messages, oldest first. */
  earlier(key: string): string[] {
    return [...(this.threads.get(key) ?? [])];
  }

  /** Keeps the end of a long message: errors and questions are usually at the end. */
  remember(key: string, redactedText: string): void {
    const text = redactedText.length > this.limits.chars ? `…${redactedText.slice(-this.limits.chars)}` : redactedText;
    const list = this.threads.get(key) ?? [];
    this.threads.delete(key); // re-inserted last: the Map's order is the eviction order
    list.push(text);
    if (list.length > this.limits.messages) list.splice(0, list.length - this.limits.messages);
    this.threads.set(key, list);
    if (this.threads.size > this.limits.threads) {
      const oldest = this.threads.keys().next().value;
      if (oldest !== undefined) this.threads.delete(oldest);
    }
  }
}
