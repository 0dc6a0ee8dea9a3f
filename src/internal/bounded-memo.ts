/**
 * `make`, remembered per key: a string made once per name and kept while it is shown. Bounded, so
 * a page open for days among many names does not grow without end (full, it starts again).
 */
export function boundedMemo<T>(make: (key: string) => T, kept = 10_000): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      if (made.size >= kept) made.clear();
      made.set(key, value = make(key));
    }
    return value;
  };
}
