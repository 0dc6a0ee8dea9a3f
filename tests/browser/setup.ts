import {afterEach, vi} from 'vitest';

// Every browser test starts from a blank page: no mocks, no elements, no saved drafts.
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
  localStorage.clear();
});
