import type { Listener } from '../types.js';
import { connectionListeners } from './connection.js';
import { interactionCreate } from './interaction-create.js';
import { messageCreate } from './message-create.js';
import { messageUpdate } from './message-update.js';
import { reactionAdd } from './reaction-add.js';
import { reactionRemove } from './reaction-remove.js';
import { ready } from './ready.js';
import { solvedReaction } from './solved-reaction.js';

export const listeners: Listener[] = [
  ready,
  messageCreate,
  messageUpdate,
  reactionAdd,
  reactionRemove,
  interactionCreate,
  solvedReaction,
  ...connectionListeners,
];
