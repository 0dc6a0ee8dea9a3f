import {css, html, LitElement, nothing} from 'lit';
import {property, state} from 'lit/decorators.js';

import {AdminApiError, type AdminApi, type PersonData} from './api.js';

/**
 * The admin page's answer to access and erasure requests: everything stored for one email address,
 * to download as JSON, and a way to erase it (tombstones stay where replies need the place).
 *
 * @tagname colloquy-admin-people
 */
export class ColloquyAdminPeople extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 1rem; }
    form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
    label { display: grid; gap: 0.2rem; font-size: 0.875rem; font-weight: 600; }
    input, button { font: inherit; }
    ol { padding-inline-start: 1.25rem; display: grid; gap: 0.5rem; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
    [role='alert'] { color: #b3261e; }
  `;

  /** The signed-in admin API. */
  @property({attribute: false}) api?: AdminApi;

  @state() private person?: PersonData;
  @state() private download = '';
  @state() private error = '';
  @state() private notice = '';
  @state() private confirming = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.download) URL.revokeObjectURL(this.download);
  }

  override render() {
    const person = this.person;
    return html`<form aria-label="Find a person's data" @submit=${this.handleFind}>
        <label>Email address <input name="email" type="email" required></label>
        <button type="submit">Find</button>
      </form>
      <p role="alert">${this.error}</p>
      <p role="status">${this.notice}</p>
      ${person ? html`<section aria-labelledby="person-data">
        <h2 id="person-data">${person.comments.length} comment${person.comments.length === 1 ? '' : 's'} stored with ${person.email}</h2>
        ${person.comments.length ? html`<p><a href=${this.download} download="colloquy-person.json">Download as JSON</a></p>
          <ol>${person.comments.map((c) => html`<li><strong>${c.author.name || '(erased)'}</strong> on ${c.postId}, ${c.status}
            <p class="body">${c.body}</p></li>`)}</ol>
          ${this.confirming
            ? html`<p>Erase all ${person.comments.length} for good? Replies by others stay, under "Comment deleted".</p>
              <button type="button" @click=${this.handleErase}>Erase everything</button>
              <button type="button" @click=${() => (this.confirming = false)}>Cancel</button>`
            : html`<button type="button" @click=${() => (this.confirming = true)}>Erase…</button>`}` : nothing}
      </section>` : nothing}`;
  }

  private async handleFind(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get('email') ?? '').trim();
    await this.find(email);
  }

  private async find(email: string): Promise<void> {
    if (!this.api) return;
    this.error = '';
    this.confirming = false;
    try {
      this.person = await this.api.person(email);
      if (this.download) URL.revokeObjectURL(this.download);
      this.download = URL.createObjectURL(new Blob([JSON.stringify(this.person, null, 2)], {type: 'application/json'}));
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'The server could not be reached.';
    }
  }

  private async handleErase(): Promise<void> {
    if (!this.api || !this.person) return;
    try {
      const erased = await this.api.erasePerson(this.person.email);
      this.notice = `Erased ${erased.comments} comment${erased.comments === 1 ? '' : 's'}; ${erased.tombstones} kept as "Comment deleted" for their replies.`;
      await this.find(this.person.email);
    } catch (error) {
      this.error = error instanceof AdminApiError ? error.message : 'The erasure failed.';
    }
  }
}

if (!customElements.get('colloquy-admin-people')) customElements.define('colloquy-admin-people', ColloquyAdminPeople);
