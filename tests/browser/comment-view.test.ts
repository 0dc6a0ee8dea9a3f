import {render} from 'lit';
import {describe, expect, it} from 'vitest';

import {IDLE} from '../../src/components/comments/comment-actions.js';
import {renderComment} from '../../src/components/comments/comment-view.js';
import type {CommentView} from '../../src/components/comments/view-types.js';
import {Localizer} from '../../src/i18n/localizer.js';
import {en} from '../../src/i18n/messages.js';

function view(name: string, l: Localizer): CommentView {
  return {
    comment: {id: '1', postId: 'p', parentId: null, author: {name}, body: 'Hi', createdAt: new Date().toISOString(), status: 'published'},
    body: document.createElement('div'), activity: IDLE, ownership: undefined, canReply: true,
    actions: {} as CommentView['actions'], l, now: Date.now(),
  };
}

describe('the Reply footer written into its template, one per language', () => {
  it('writes the catalog\'s word as text, never as markup, and the name only as an attribute\'s value', () => {
    const l = new Localizer('en', 'en', {...en, reply: '<img src=x onerror="window.hit=1"> & "R"'});
    const container = document.createElement('div');
    render(renderComment(view('"><img src=y onerror="window.hit=2">', l)), container);
    const button = container.querySelector('[part="reply-button"]')!;
    expect(button.textContent).toBe('<img src=x onerror="window.hit=1"> & "R"');
    expect(button.getAttribute('aria-label')).toBe('Reply to "><img src=y onerror="window.hit=2">');
    expect(container.querySelector('img')).toBeNull();
  });

  it('keeps one template per language, and each comment its own name', () => {
    const german = new Localizer('de', 'de', {...en, reply: 'Antworten', replyTo: '{name} antworten'});
    const container = document.createElement('div');
    render([renderComment(view('Ada', german)), renderComment(view('Bo', german)), renderComment(view('Cy', new Localizer('en', 'en', en)))], container);
    const buttons = [...container.querySelectorAll('[part="reply-button"]')];
    expect(buttons.map((b) => [b.textContent, b.getAttribute('aria-label')])).toEqual([
      ['Antworten', 'Ada antworten'], ['Antworten', 'Bo antworten'], ['Reply', 'Reply to Cy'],
    ]);
  });
});
