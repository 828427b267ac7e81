/** Opens the store the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
import { PostgresStore } from './postgres.js';
import type { Store, StoreLog } from './settings.js';
import { SqliteStore } from './sqlite.js';

export type {
  AddStoryResult,
  ChannelSetting,
  DeclinedQuestion,
  NewStory,
  QuestionStore,
  SettingsStore,
  Store,
  StoredStory,
  StoreLog,
  StoryLimits,
  StoryStore,
  UnansweredGroup,
  UnansweredStore,
} from './settings.js';
export { StoreError, StoreUnavailableError } from './settings.js';

export interface StoreChoice {
  /** `DATABASE_URL`; when set, PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** `DATA_DIR`, for the SQLite file. */
  readonly dataDir: string;
}

/** Throws StoreError saying what is wrong and what to do. */
export async function openStore(choice: StoreChoice, log?: StoreLog): Promise<Store> {
  if (choice.databaseUrl !== undefined) return PostgresStore.open(choice.databaseUrl, log === undefined ? {} : { log });
  return SqliteStore.open(choice.dataDir);
}
