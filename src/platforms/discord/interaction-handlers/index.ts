import type { InteractionHandler } from '../types.js';
import { feedbackButtons } from './feedback.js';
import { helperButtons } from './helpers.js';

export const interactionHandlers: InteractionHandler[] = [feedbackButtons as InteractionHandler, helperButtons as InteractionHandler];
