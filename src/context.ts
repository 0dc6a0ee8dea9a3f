import {createContext} from '@lit/context';

import type {CommentsClient} from './client/client.js';

/** The API client, provided by `<colloquy-comments>` to the comments and composers inside it. */
export const clientContext = createContext<CommentsClient | undefined>(Symbol('colloquy-client'));
