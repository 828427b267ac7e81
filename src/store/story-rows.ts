/**
 * A server's article as a row of the `stories` table, read and written the same way by both SQL
 * stores. Only the placeholders and the list columns' type differ: SQLite keeps the lists as JSON
 * text (its store decodes them first), PostgreSQL as jsonb, which arrives decoded.
 */
import type { NewStory, StoredStory } from './settings.js';

/** A row as `STORY_COLUMNS` selects it, with the lists decoded; numbers may arrive as numeric strings. */
export interface StoryRow {
  id: number | string;
  guild_id: string;
  title: string;
  published: string | null;
  url: string | null;
  source: string | null;
  paragraphs: unknown;
  examples: unknown;
  added_by: string;
  added_at: number | string;
}

export const STORY_COLUMNS = 'id, guild_id, title, published, url, source, paragraphs, examples, added_by, added_at';

/** The columns an insert writes, in the order of `storyInsertValues`. */
export const STORY_INSERT_COLUMNS =
  'guild_id, title, published, url, source, paragraphs, paragraph_count, examples, content_key, added_by, added_at';

/** The strings of a decoded list column; anything else reads as none. */
function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function storyFromRow(row: StoryRow): StoredStory {
  return {
    id: `story-${row.id}`,
    guildId: row.guild_id,
    title: row.title,
    published: row.published ?? undefined,
    url: row.url ?? undefined,
    source: row.source ?? undefined,
    paragraphs: stringList(row.paragraphs),
    examples: stringList(row.examples),
    addedBy: row.added_by,
    addedAt: Number(row.added_at),
  };
}

/** The values of `STORY_INSERT_COLUMNS` for a new article; lists as JSON text. */
export function storyInsertValues(story: NewStory, contentKey: string, addedAt: number): (string | number | null)[] {
  return [
    story.guildId,
    story.title,
    story.published ?? null,
    story.url ?? null,
    story.source ?? null,
    JSON.stringify(story.paragraphs),
    story.paragraphs.length,
    JSON.stringify(story.examples),
    contentKey,
    story.addedBy,
    addedAt,
  ];
}
