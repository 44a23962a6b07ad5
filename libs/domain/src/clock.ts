/** Time comes from outside the process: services take a clock so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Nest injection token for the clock. */
export const CLOCK = Symbol('Clock');
