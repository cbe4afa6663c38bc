import type { types } from '@slack/bolt';

export const DIAGNOSE_MODAL = 'diagnose_modal';
export const PASTE_BLOCK = 'paste';
export const PASTE_ACTION = 'paste_input';
/** Slack's limit for a plain_text_input. */
export const MODAL_PASTE_LIMIT = 3_000;

export interface ModalMetadata {
  /** The channel /diagnose was run in: the answer goes there. */
  channel: string;
}

/** The "large paste box" `/diagnose` alone opens. */
export function diagnoseModal(meta: ModalMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: DIAGNOSE_MODAL,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Diagnose an error' },
    submit: { type: 'plain_text', text: 'Diagnose' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: PASTE_BLOCK,
        label: { type: 'plain_text', text: 'Paste the error' },
        hint: {
          type: 'plain_text',
          text: 'The exception line, status code and JSON body help most. Keys are redacted before anything is stored. For logs longer than 3,000 characters, upload the file and mention me.',
        },
        element: {
          type: 'plain_text_input',
          action_id: PASTE_ACTION,
          multiline: true,
          max_length: MODAL_PASTE_LIMIT,
          placeholder: { type: 'plain_text', text: "anthropic.BadRequestError: Error code: 400 - {'type': 'error', …}" },
        },
      },
    ],
  };
}

export function parseModalMetadata(raw: string | undefined): ModalMetadata | null {
  try {
    const meta = JSON.parse(raw ?? '') as Partial<ModalMetadata>;
    return typeof meta.channel === 'string' && meta.channel ? { channel: meta.channel } : null;
  } catch {
    return null;
  }
}
