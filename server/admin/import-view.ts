import {css, html, LitElement, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';

import {AdminApiError, type AdminApi, type ImportChoices, type ImportSummary} from './api.js';

/**
 * The admin page's import: choose an export from Disqus, WordPress, Blogger, Remark42 or Isso, see
 * where every thread would go (a dry run, the first step), then import it. Importing it again adds
 * only what is new.
 *
 * @tagname colloquy-admin-import
 */
export class ColloquyAdminImport extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 1rem; }
    form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
    label { display: grid; gap: 0.2rem; font-size: 0.875rem; font-weight: 600; }
    input, select, button { font: inherit; }
    .check { display: flex; gap: 0.4rem; align-items: center; font-weight: 400; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: start; padding: 0.25rem 0.5rem; border-bottom: 1px solid #8884; vertical-align: top; overflow-wrap: anywhere; }
    [role='alert'] { color: #b3261e; }
  `;

  /** The signed-in admin API. */
  @property({attribute: false}) api?: AdminApi;

  @state() private summary?: ImportSummary;
  @state() private error = '';
  @state() private busy = false;
  /** What the last dry run was of, so Import runs exactly that. */
  private checked?: {file: File; choices: ImportChoices};

  override render() {
    return html`<form aria-label="Import comments" @submit=${this.handleSubmit} @change=${() => (this.checked = undefined)}>
        <label>Export file <input name="file" type="file" required accept=".xml,.gz,.atom,.jsonl,.json,.db,.sqlite"></label>
        <label>Post IDs from <select name="postId">
          <option value="path">the page's path (as the widget uses)</option>
          <option value="url">the whole URL</option>
          <option value="identifier">the source's identifier</option>
        </select></label>
        <label class="check"><input type="checkbox" name="keepSpam"> Keep spam and trash, hidden</label>
        <label class="check"><input type="checkbox" name="pingbacks"> Pingbacks and trackbacks as comments</label>
        <button type="submit" name="dryRun" value="1" ?disabled=${this.busy}>Check (nothing is written)</button>
        <button type="submit" name="dryRun" value="0" ?disabled=${this.busy || !this.checked}>Import</button>
      </form>
      <p role="status">${this.busy ? 'Reading the file…' : ''}</p>
      <p role="alert">${this.error}</p>
      ${this.summary ? this.renderSummary(this.summary) : nothing}`;
  }

  private renderSummary(summary: ImportSummary) {
    const {published, pending, hidden} = summary.imported;
    const skipped = Object.entries(summary.skipped);
    return html`<section aria-labelledby="import-result">
      <h2 id="import-result">${summary.dryRun ? 'What the import would do' : 'Imported'}</h2>
      <p>${summary.dryRun ? 'Would import' : 'Imported'} ${published} published, ${pending} awaiting moderation, ${hidden} hidden;
        ${summary.tombstones} kept as "Comment deleted" for their replies; ${summary.madeTopLevel} replies whose parent is missing put at the top.
        ${skipped.length ? html`Skipped: ${skipped.map(([reason, n]) => `${n} ${reason}`).join(', ')}.` : nothing}</p>
      <table>
        <caption>Threads and their post IDs</caption>
        <thead><tr><th scope="col">Post ID</th><th scope="col">Comments</th><th scope="col">Here already</th><th scope="col">From</th></tr></thead>
        <tbody>${summary.threads.map((t) => html`<tr>
          <td>${t.postId ?? html`<em>none: its comments are skipped</em>`}</td><td>${t.comments}</td>
          <td>${summary.dryRun ? t.existing : ''}</td><td>${t.url ?? t.title ?? t.sourceId}</td></tr>`)}</tbody>
      </table>
    </section>`;
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || !file.size || !this.api) return;
    const dryRun = (event.submitter as HTMLButtonElement | null)?.value !== '0';
    const choices: ImportChoices = {postId: String(data.get('postId')) as ImportChoices['postId'], dryRun,
      keepSpam: data.get('keepSpam') === 'on', pingbacks: data.get('pingbacks') === 'on'};
    this.busy = true;
    this.error = '';
    try {
      this.summary = await this.api.importFile(file, choices);
      this.checked = dryRun ? {file, choices} : undefined;
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'The import failed.';
    } finally {
      this.busy = false;
    }
  }
}

if (!customElements.get('colloquy-admin-import')) customElements.define('colloquy-admin-import', ColloquyAdminImport);
