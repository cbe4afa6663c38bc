/** What loading a knowledge base reports, and what it reads: leaf types shared by the loader, the article builder and the tools. */

export interface LoadIssue {
  file: string;
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}

export class KnowledgeBaseError extends Error {
  constructor(readonly issues: LoadIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `knowledge base has ${errors.length} error(s):\n${errors
        .slice(0, 20)
        .map(formatIssue)
        .join('\n')}${errors.length > 20 ? `\n… and ${errors.length - 20} more` : ''}`,
    );
    this.name = 'KnowledgeBaseError';
  }
}

export function formatIssue(issue: LoadIssue): string {
  return `${issue.file}${issue.field ? ` [${issue.field}]` : ''}: ${issue.message}`;
}

/** One article's source text, before validation. Exposed so tools can build a base from memory. */
export interface ArticleSource {
  file: string;
  text: string;
}
