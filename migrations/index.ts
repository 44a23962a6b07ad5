/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file here and
 * this list must name it (the drift check fails until it does).
 */
import { Foundation1795425193737 } from './1795425193737-Foundation';

export const MIGRATIONS = [Foundation1795425193737];
