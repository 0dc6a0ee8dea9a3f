import {html, LitElement} from 'lit';
import {describe, expect, it} from 'vitest';

import {RenderBatchController} from '../../src/controllers/render-batch-controller.js';
import {until} from './helpers.js';

/** The smallest host: renders the first `limit` of `total` items and records each limit it rendered. */
class BatchHost extends LitElement {
  readonly batches = new RenderBatchController(this, {first: 3, budgetMs: 20, max: 50});
  readonly seen: number[] = [];
  total = 0;

  override render() {
    this.seen.push(Math.min(this.batches.limit, this.total));
    return html`${Array.from({length: Math.min(this.batches.limit, this.total)}, (_, i) => html`<p>${i}</p>`)}`;
  }
}
customElements.define('batch-host', BatchHost);

async function host(total: number): Promise<BatchHost> {
  const el = document.createElement('batch-host') as BatchHost;
  el.total = total;
  el.batches.reset(total);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('RenderBatchController', () => {
  it('renders the first batch at once, then the rest in growing batches, each no bigger than the ceiling', async () => {
    const el = await host(400);
    expect(el.shadowRoot!.querySelectorAll('p')).toHaveLength(3);
    await until(() => expect(el.shadowRoot!.querySelectorAll('p')).toHaveLength(400));
    const steps = el.seen.slice(1).map((n, i) => n - el.seen[i]!).filter((d) => d > 0);
    expect(steps.length).toBeGreaterThan(1);
    expect(Math.max(...steps)).toBeLessThanOrEqual(50);
  });

  it('starts again from the first batch on reset, and shows extra items at once on resize', async () => {
    const el = await host(20);
    await until(() => expect(el.batches.limit).toBeGreaterThanOrEqual(20));
    el.total = 1_000;
    el.batches.reset(1_000);
    expect(el.batches.limit).toBe(3);
    el.batches.resize(1_000, 2);
    expect(el.batches.limit).toBe(5);
  });

  it('carries on after being moved in the page', async () => {
    const el = await host(300);
    el.remove();
    document.body.append(el);
    await until(() => expect(el.shadowRoot!.querySelectorAll('p')).toHaveLength(300));
  });
});
