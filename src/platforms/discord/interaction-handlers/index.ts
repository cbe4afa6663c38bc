import type { InteractionHandler } from '../types.js';
import { feedbackButtons } from './feedback.js';

export const interactionHandlers: InteractionHandler[] = [feedbackButtons as InteractionHandler];
