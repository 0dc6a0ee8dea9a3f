import {describe, expect, it} from 'vitest';

import {isHttpUrl, isValidPostId, LIMITS, parseComment, parseCounts, parseNewComment, parseProblem, parseThreadPage, problem} from '../../src/protocol/index.js';

describe('parseNewComment', () => {
  it('trims text and drops blank optional fields', () => {
    expect(parseNewComment({author: {name: '  Ada ', email: ' ', url: ''}, body: '\n hi \n'})).toEqual({
      ok: true, value: {parentId: null, author: {name: 'Ada'}, body: 'hi'},
    });
  });

  it('keeps a valid email and website, and a parent ID', () => {
    const parsed = parseNewComment({parentId: '7', author: {name: 'A', email: 'a@b.example', url: 'https://a.example/x'}, body: 'b'});
    expect(parsed).toEqual({ok: true, value: {parentId: '7', author: {name: 'A', email: 'a@b.example', url: 'https://a.example/x'}, body: 'b'}});
  });

  it('accepts exactly the limits and refuses one more', () => {
    const at = {author: {name: 'n'.repeat(LIMITS.nameMaxLength)}, body: 'b'.repeat(LIMITS.bodyMaxLength)};
    expect(parseNewComment(at).ok).toBe(true);
    expect(parseNewComment({...at, body: `${at.body}b`}).ok).toBe(false);
    expect(parseNewComment({...at, author: {name: `${at.author.name}n`}}).ok).toBe(false);
  });

  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', 'ftp://x.example', '//x.example',
    'x.example', 'https://', 'http://exa mple.com',
  ])('refuses %j as a website', (url) => {
    const parsed = parseNewComment({author: {name: 'A', url}, body: 'b'});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.field)).toContain('author.url');
  });

  it('names every bad field once, by its dotted path', () => {
    const parsed = parseNewComment({parentId: '', author: {name: 5, email: 'x'}, body: null});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.field).sort()).toEqual(['author.email', 'author.name', 'body', 'parentId']);
  });

  it.each([
    [{author: {name: 'A'}}, 'body', {reason: 'required'}],
    [{author: {name: '   '}, body: 'b'}, 'author.name', {reason: 'required'}],
    [{author: {}, body: 'b'}, 'author.name', {reason: 'required'}],
    [{body: 'b'}, 'author', {reason: 'required'}],
    [{author: {name: 5}, body: 'b'}, 'author.name', {reason: 'type'}],
    [{author: {name: 'A'}, body: 'b'.repeat(LIMITS.bodyMaxLength + 1)}, 'body', {reason: 'too_long', limit: LIMITS.bodyMaxLength}],
    [{author: {name: 'n'.repeat(LIMITS.nameMaxLength + 1)}, body: 'b'}, 'author.name', {reason: 'too_long', limit: LIMITS.nameMaxLength}],
    [{author: {name: 'A', email: 'not-an-address'}, body: 'b'}, 'author.email', {reason: 'format'}],
    [{author: {name: 'A', email: 'a @b.example'}, body: 'b'}, 'author.email', {reason: 'whitespace'}],
    [{author: {name: 'A', url: 'javascript:alert(1)'}, body: 'b'}, 'author.url', {reason: 'format'}],
    [{author: {name: 'A', url: `https://a.example/${'x'.repeat(LIMITS.urlMaxLength)}`}, body: 'b'}, 'author.url', {reason: 'too_long', limit: LIMITS.urlMaxLength}],
    [{author: {name: 'a\u202Eb'}, body: 'b'}, 'author.name', {reason: 'bidi'}],
    [{author: {name: 'a\u0007b'}, body: 'b'}, 'author.name', {reason: 'control'}],
    [{author: {name: 'a\u200Bb'}, body: 'b'}, 'author.name', {reason: 'invisible'}],
    [{author: {name: '\u0301'}, body: 'b'}, 'author.name', {reason: 'nothing_visible'}],
    [{author: {name: 'A'}, body: 'x\uD800'}, 'body', {reason: 'not_text'}],
    [{parentId: '', author: {name: 'A'}, body: 'b'}, 'parentId', {reason: 'required'}],
    [{parentId: 7, author: {name: 'A'}, body: 'b'}, 'parentId', {reason: 'type'}],
    [{parentId: 'a\u0000', author: {name: 'A'}, body: 'b'}, 'parentId', {reason: 'control'}],
    [null, '', {reason: 'type'}],
  ])('gives a machine-readable reason: %j', (input, field, expected) => {
    const parsed = parseNewComment(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.find((e) => e.field === field)).toEqual({field, detail: expect.any(String), ...expected});
  });

  it('refuses bidi controls and control characters in names', () => {
    for (const name of ['a\u202Eb', 'a\u2066b', 'a\u0007b', 'a\nb']) expect(parseNewComment({author: {name}, body: 'b'}).ok).toBe(false);
  });
});

describe('parseThreadPage', () => {
  const comment = {id: '1', postId: 'p', parentId: null, author: {name: 'A'}, body: 'b', createdAt: '2026-01-01T00:00:00.000Z', status: 'published'};
  const page = {postId: 'p', order: 'oldest', total: 1, comments: [comment], nextCursor: null};

  it('reads a well-formed page', () => {
    expect(parseThreadPage(page)).toEqual({ok: true, value: page, dropped: 0});
  });

  it('ignores unknown members, so servers can add some', () => {
    const parsed = parseThreadPage({...page, extra: 1, comments: [{...comment, votes: 3}]});
    expect(parsed.ok && parsed.value.comments[0]).toEqual(comment);
  });

  it('drops malformed and duplicate comments and counts them', () => {
    const parsed = parseThreadPage({...page, comments: [comment, {...comment}, {...comment, id: '2', createdAt: 'never'}, null, 'x',
      {...comment, id: '3', author: {name: 1}}, {...comment, id: '4', status: 'removed'}]});
    expect(parsed.ok && parsed.value.comments.map((c) => c.id)).toEqual(['1']);
    expect(parsed.ok && parsed.dropped).toBe(6);
  });

  it.each([null, [], 'x', {}, {...page, comments: {}}, {...page, total: -1}, {...page, nextCursor: ''}, {...page, order: 'random'}])(
    'fails on a broken envelope: %j', (input) => {
      expect(parseThreadPage(input).ok).toBe(false);
    });
});

describe('parseComment and parseCounts', () => {
  const comment = {id: '1', postId: 'p', parentId: null, author: {name: 'A', url: 'https://a.example'}, body: 'b',
    createdAt: '2026-01-01T00:00:00.000Z', status: 'published'};

  it('read a stored comment, and name what is wrong with a broken one', () => {
    expect(parseComment(comment)).toEqual({ok: true, value: comment});
    const broken = parseComment({...comment, id: '', author: {}});
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors.map((e) => e.field).sort()).toEqual(['author.name', 'id']);
  });

  it('read counts, refusing negative or fractional ones', () => {
    expect(parseCounts({counts: {a: 2, b: 0}})).toEqual({ok: true, value: {counts: {a: 2, b: 0}}});
    for (const counts of [{a: -1}, {a: 1.5}, {a: '3'}, []]) expect(parseCounts({counts}).ok, JSON.stringify(counts)).toBe(false);
  });
});

describe('problems', () => {
  it('builds RFC 9457 documents whose detail names the field', () => {
    expect(problem('invalid_field', 'x', [{field: 'author.name', detail: 'Required.'}])).toEqual({
      type: 'urn:colloquy:problem:invalid_field', title: 'Invalid field', status: 422, detail: 'author.name: Required.',
      code: 'invalid_field', field: 'author.name', errors: [{field: 'author.name', detail: 'Required.'}],
    });
    expect(problem('not_found', 'Nothing here.')).toEqual({
      type: 'urn:colloquy:problem:not_found', title: 'Not found', status: 404, detail: 'Nothing here.', code: 'not_found',
    });
  });

  it('reads a problem only when it has a code', () => {
    expect(parseProblem({code: 'x', detail: 'd'})).toMatchObject({code: 'x', detail: 'd'});
    // A reason from a newer server is dropped, not the whole problem.
    expect(parseProblem({code: 'invalid_field', errors: [{field: 'body', detail: 'd', reason: 'too_spicy', limit: -1}]})?.errors)
      .toEqual([{field: 'body', detail: 'd'}]);
    expect(parseProblem({message: 'no code'})).toBeUndefined();
    expect(parseProblem('text')).toBeUndefined();
  });
});

describe('small checks', () => {
  it('isHttpUrl accepts only absolute http(s) URLs', () => {
    expect(['http://a.example', 'https://a.example/x?y#z', 'HTTPS://A.EXAMPLE'].map(isHttpUrl)).toEqual([true, true, true]);
    expect(['javascript:x', '/x', 'https//x', 'mailto:a@b', ''].map(isHttpUrl)).toEqual([false, false, false, false, false]);
  });

  it('isValidPostId bounds length and refuses control characters', () => {
    expect(isValidPostId('/blog/ünïcode?x#y')).toBe(true);
    expect(isValidPostId('')).toBe(false);
    expect(isValidPostId('a'.repeat(LIMITS.postIdMaxLength + 1))).toBe(false);
    expect(isValidPostId('a\tb')).toBe(false);
  });
});
