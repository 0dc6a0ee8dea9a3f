import type {CommentStore} from './store/comments.js';

/** The post the demo page shows (`demo/index.html` uses the same ID). */
export const DEMO_POST_ID = 'welcome-to-colloquy';

interface SeedComment {
  readonly name: string;
  readonly url?: string;
  /** Hours after the first comment. */
  readonly at: number;
  readonly body: string;
  readonly replies?: readonly SeedComment[];
}

const THREAD: readonly SeedComment[] = [
  {name: 'Ada Quill', url: 'https://ada.example.org', at: 0, body: 'Finally a comment box I can **self-host** without a second database. Setup took me less time than reading the README.', replies: [
    {name: 'Ben Ortiz', at: 1, body: 'Same here. I ran it with the embedded database first and moved to PostgreSQL later by setting one variable:\n\n```sh\nDATABASE_URL=postgres://colloquy@db/colloquy npx colloquy-server\n```', replies: [
      {name: 'Ada Quill', url: 'https://ada.example.org', at: 2, body: 'Did the comments come with you, or did you start over?', replies: [
        {name: 'Ben Ortiz', at: 3, body: 'I started over (it was a test blog), but a JSON export is on the list.', replies: [
          {name: 'Chidi Okafor', at: 5, body: 'Four levels deep and still readable on my phone. The indentation stops growing, which is exactly right.'},
        ]},
      ]},
    ]},
    {name: 'Dana Kim', at: 4, body: 'How big is the script? Our pages are already heavy.'},
  ]},
  {name: 'Eitan Levi', at: 6, body: 'Things I checked before putting this on a client site:\n\n1. Raw HTML in a comment shows up as text\n2. `javascript:` links are dropped\n3. Remote images are shown as links, so readers\' addresses do not leak\n\nAll three hold. <script>alert("try me")</script>', replies: [
    {name: 'Farah Nasser', url: 'https://farah.example.net', at: 7, body: '> Raw HTML in a comment shows up as text\n\nThat is the part I like most. Commenters cannot break the layout either.'},
    {name: 'Gus Lindqvist', at: 8, body: 'Try `![tracker](https://tracker.example.com/pixel.gif)` and you get a link instead of a request. 👍', replies: [
      {name: 'Eitan Levi', at: 9, body: 'Good one: [the sanitizer test corpus](https://example.com/colloquy/tests) covers that too.'},
    ]},
  ]},
  {name: 'Hana Sato', at: 11, body: 'Is there a dark mode? My blog switches with the system setting.', replies: [
    {name: 'Ivan Petrov', at: 12, body: 'It follows your page\'s `color-scheme` (so the system setting, if your blog does), and every colour is a `--colloquy-*` custom property, so you can match your palette.', replies: [
      {name: 'Hana Sato', at: 13, body: 'Perfect, thank you!'},
    ]},
  ]},
  {name: 'Jonas Weber', at: 15, body: 'Small thing: I typed a long comment, my train went into a tunnel, and the post failed. The text was still there when I pressed *Try again*. That alone beats the last three widgets I used.', replies: [
    {name: 'Kemi Adeyemi', at: 16, body: 'The draft even survives a reload. Clicked submit twice by accident and it only posted once, too.'},
  ]},
  {name: 'Lena Novak', at: 20, body: 'A list of what I would love next:\n\n- reply notifications\n- moderation queue\n- import from my old comment system\n\n~~Reactions~~ (no, please keep it calm)', replies: [
    {name: 'Mateo Rossi', at: 21, body: 'Moderation first, please. My blog gets more spam than readers.', replies: [
      {name: 'Lena Novak', at: 22, body: 'Ha. Same.', replies: [
        {name: 'Nora Berg', at: 23, body: 'Following this thread for that.'},
      ]},
    ]},
  ]},
  {name: 'Omar Haddad', at: 26, body: 'مرحبا! Does it handle right-to-left names and text? This comment mixes both.', replies: [
    {name: 'Pia Schmidt', at: 27, body: 'Names and comments get `dir="auto"`, so each one picks its own direction.'},
  ]},
  {name: 'Quentin Moreau', at: 30, body: 'Plain `<colloquy-comments>` tag, no iframe, works inside my single-page app when the route changes. Nice work.', replies: [
    {name: 'Rosa Díaz', at: 31, body: 'Same in my Astro site. Two instances on one page (post and guestbook) work too.'},
  ]},
  {name: 'Sam Carter', url: 'https://sam.example.com/about', at: 40, body: 'Accessibility check with a screen reader: the form fields are labelled, and posting announces itself. Keyboard only, I could reach every *Reply* button.', replies: [
    {name: 'Tove Lund', at: 41, body: 'Thanks for testing that properly. Too many widgets forget it.'},
  ]},
  {name: 'Uma Patel', at: 52, body: 'First time here. Just wanted to say the article was lovely. :)'},
];

const SEED_KEY = 'demo_seeded';

/**
 * Fills the demo post with a sample thread the first time the server starts with `--demo`: the
 * whole thread and its marker row in one transaction, so a kill part way leaves none of it and the
 * next start seeds it whole; later starts skip it.
 */
export async function seedDemo(store: CommentStore, now = new Date()): Promise<number> {
  const start = now.getTime() - 3 * 24 * 3_600_000;
  let count = 0;
  // Of several instances starting together, one seeds.
  await store.importOnce(SEED_KEY, async (importComment) => {
    const add = async (comment: SeedComment, parentId: string | null): Promise<void> => {
      const stored = await importComment(DEMO_POST_ID, {
        parentId,
        author: comment.url ? {name: comment.name, url: comment.url} : {name: comment.name},
        body: comment.body,
        createdAt: new Date(start + comment.at * 3_600_000),
      });
      count++;
      for (const reply of comment.replies ?? []) await add(reply, stored.id);
    };
    for (const root of THREAD) await add(root, null);
  });
  return count;
}
