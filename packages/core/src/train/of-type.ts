/**
 * `ofType('batch')` narrows a stream of tagged events to one member of the union, typed:
 * `fit(...).pipe(ofType('validation'))` is an `Observable<ValidationEvent>`.
 */
import { filter, type OperatorFunction } from 'rxjs';

export function ofType<E extends { type: string }, T extends E['type']>(...types: T[]): OperatorFunction<E, Extract<E, { type: T }>> {
  const wanted = new Set<string>(types);
  return filter((event: E): event is Extract<E, { type: T }> => wanted.has(event.type));
}
