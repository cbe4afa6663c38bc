import type { Listener } from '../types.js';
import { connectionListeners } from './connection.js';
import { interactionCreate } from './interaction-create.js';
import { messageCreate, messageUpdate } from './message-create.js';
import { ready } from './ready.js';
import { solvedReaction } from './solved-reaction.js';

export const listeners: Listener[] = [ready, messageCreate, messageUpdate, interactionCreate, solvedReaction, ...connectionListeners];
