/** Composition of the persons slice: the person file, four clears and merge services over one shared core. */
import type { PackRegistry } from '@bangfu/rules';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { FourClearsRepository } from './four-clears.repository.ts';
import { FourClearsService } from './four-clears.service.ts';
import { PersonMergeService } from './merge.service.ts';
import { PersonsCore } from './persons.core.ts';
import { PersonsRepository } from './persons.repository.ts';
import { PersonsService } from './persons.service.ts';

export interface PersonsServices {
  /** The person file: search, create, read, edit, marks, reveal, history, identity, deletion requests. */
  readonly persons: PersonsService;
  readonly fourClears: FourClearsService;
  readonly personMerge: PersonMergeService;
}

export function createPersonsServices(db: Database, cipher: FieldCipher, registry: PackRegistry, clock: Clock): PersonsServices {
  const core = new PersonsCore(new PersonsRepository(db), new FourClearsRepository(db), cipher, registry, clock);
  return { persons: new PersonsService(core), fourClears: new FourClearsService(core), personMerge: new PersonMergeService(core) };
}
