// Written against an older fixture: `echo_person` took `who`, and `Person` had `email`. tsc must refuse it.
import { commands } from './bindings.js';

await commands.echoPerson({ who: { name: 'Ada' } });
