import { useState } from 'react';

/**
 * True once `value` differs from what it was when the form opened (compared as JSON, so a
 * draft object, an array of member rows or a few strings all work). Typing a field and then
 * emptying it again makes the form clean again: there is nothing left to lose.
 */
export function useChangedFrom(value: unknown): boolean {
  const [opened] = useState(() => JSON.stringify(value));
  return JSON.stringify(value) !== opened;
}
