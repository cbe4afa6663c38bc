import type { InteractionHandler } from '../types.js';
import { feedbackButtons } from './feedback.js';
import { helperButtons } from './helpers.js';
import { shareArticlePick } from './share-article.js';
import { shareSearch } from './share-search.js';

export const interactionHandlers: InteractionHandler[] = [
  feedbackButtons as InteractionHandler,
  shareArticlePick as InteractionHandler,
  shareSearch as InteractionHandler,
  helperButtons as InteractionHandler,
];
