import {ConfigError, describeOptions, flagSwitch, option, readOptions} from '../cli/options.js';
import {DATABASE_OPTIONS} from '../config.js';
import {PeopleStore} from '../store/people.js';
import type {Command} from './command.js';
import {withDatabase} from './database.js';

const PERSON_OPTIONS = {
  ...DATABASE_OPTIONS,
  email: option({flag: 'email', arg: '<address>', help: 'The person\'s email address', parse: String}),
  erase: flagSwitch({flag: 'erase', help: 'Erase it all (tombstones stay where replies need them); without it, print it'}),
};

const USAGE = `Usage: colloquy-server person --email <address> [--erase] [options]

Answers an access request (prints, as JSON, every comment stored with the address) or an erasure
request (--erase: removes them, their names, addresses, websites and texts, leaving "Comment deleted"
where replies need the place). The moderation log records the erasure, never the address.

${describeOptions(PERSON_OPTIONS)}`;

/** `colloquy-server person`: one person's data, shown or erased. */
export const personCommand: Command = {
  summary: 'Print, or erase, everything stored for one email address',
  usage: USAGE,
  async run(argv, env) {
    const {values} = readOptions(PERSON_OPTIONS, argv, env);
    const email = values.email?.trim();
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new ConfigError('give the person\'s --email address.');
    await withDatabase(values, async (db) => {
      const people = new PeopleStore(db);
      if (values.erase) {
        const erased = await people.erase(email, 'command line');
        console.log(`Erased ${erased.comments} comment${erased.comments === 1 ? '' : 's'}; ${erased.tombstones} kept as "Comment deleted" for their replies.`);
      } else {
        console.log(JSON.stringify(await people.find(email), null, 2));
      }
    });
    return 0;
  },
};
