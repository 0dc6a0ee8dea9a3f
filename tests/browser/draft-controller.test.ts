import {LitElement} from 'lit';
import {describe, expect, it} from 'vitest';

import {DraftController, draftKey, hasDraft} from '../../src/controllers/draft-controller.js';

/** The smallest host: a post and a parent the draft follows. */
class DraftHost extends LitElement {
  postId = 'post';
  parentId: string | null = null;
  readonly draft = new DraftController(this, () => draftKey(this.postId, this.parentId));
}
customElements.define('draft-host', DraftHost);

function host(): DraftHost {
  const el = document.createElement('draft-host') as DraftHost;
  document.body.append(el);
  return el;
}

const stored = (key: string) => JSON.parse(localStorage.getItem(key) ?? 'null') as Record<string, string> | null;

describe('DraftController', () => {
  it('saves on every change, per post and parent', () => {
    const el = host();
    el.draft.update({body: 'root text'});
    el.parentId = '7';
    el.draft.update({body: 'reply text'});
    expect(stored('colloquy-draft:post:root')?.body).toBe('root text');
    expect(stored('colloquy-draft:post:7')?.body).toBe('reply text');
    expect(hasDraft('post', '7')).toBe(true);
    expect(hasDraft('post', '8')).toBe(false);
  });

  it('keeps the idempotency key while the text stays, and drops it when the text changes', () => {
    const el = host();
    el.draft.update({body: 'hello', key: 'k1'});
    el.draft.update({body: 'hello'});
    expect(el.draft.value.key).toBe('k1');
    el.draft.update({body: 'hello again'});
    expect(el.draft.value.key).toBeUndefined();
    el.draft.update({key: 'k2'});
    el.draft.update({key: undefined});
    expect(el.draft.value.key).toBeUndefined();
  });

  it('on commit forgets the text but remembers the author for every other form', () => {
    const el = host();
    el.draft.update({name: 'Ada', email: 'ada@example.org', body: 'sent'});
    el.draft.commit();
    expect(el.draft.value).toEqual({name: 'Ada', email: 'ada@example.org', url: '', body: ''});
    expect(localStorage.getItem('colloquy-draft:post:root')).toBeNull();
    el.parentId = '9';
    expect(el.draft.value.name).toBe('Ada'); // a reply form starts with the name
  });

  it('reads a corrupt or foreign entry as no draft', () => {
    localStorage.setItem('colloquy-draft:post:root', '{not json');
    localStorage.setItem('colloquy-author', '["a list"]');
    expect(host().draft.value).toEqual({name: '', email: '', url: '', body: ''});
    localStorage.setItem('colloquy-draft:post:root', JSON.stringify({body: 42, name: {}}));
    expect(host().draft.value.body).toBe('');
  });
});
