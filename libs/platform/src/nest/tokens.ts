/** Nest injection token of the process logger (pino). */
export const LOGGER = Symbol('LOGGER');
