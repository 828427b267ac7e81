import { describe, expect, it } from 'vitest';
import { ConfigError, loadStoriesConfig } from '../../src/config.js';

const MIB = 1024 * 1024;

describe('loadStoriesConfig', () => {
  it('has the defaults issue #17 names', () => {
    expect(loadStoriesConfig({})).toEqual({
      maxPerServer: 25,
      maxParagraphs: 5000,
      maxFileBytes: 2 * MIB,
      maxPageBytes: 5 * MIB,
      allowLoopback: false,
      recordUnanswered: true,
    });
  });

  it('reads every variable, sizes as bytes or with a unit', () => {
    expect(
      loadStoriesConfig({
        STORIES_MAX_PER_SERVER: '3',
        STORIES_MAX_PARAGRAPHS: '40',
        STORIES_MAX_FILE_BYTES: '20000',
        STORIES_MAX_PAGE_BYTES: '1.5 MiB',
        STORIES_FETCH_ALLOW_LOOPBACK: 'true',
        RECORD_UNANSWERED: 'false',
      }),
    ).toEqual({
      maxPerServer: 3,
      maxParagraphs: 40,
      maxFileBytes: 20000,
      maxPageBytes: 1.5 * MIB,
      allowLoopback: true,
      recordUnanswered: false,
    });
    expect(loadStoriesConfig({ STORIES_MAX_FILE_BYTES: '512KiB' }).maxFileBytes).toBe(512 * 1024);
    expect(loadStoriesConfig({ STORIES_MAX_FILE_BYTES: '2mb' }).maxFileBytes).toBe(2 * MIB);
  });

  it('says which variable is wrong and what to put there', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [
        { STORIES_MAX_PER_SERVER: 'many' },
        /^STORIES_MAX_PER_SERVER must be a whole number from 0 to 1000 \(got "many"\)\.$/,
      ],
      [{ STORIES_MAX_PARAGRAPHS: '0' }, /^STORIES_MAX_PARAGRAPHS must be a whole number from 1 to 1000000/],
      [
        { STORIES_MAX_FILE_BYTES: '2 GiB' },
        /^STORIES_MAX_FILE_BYTES must be a size from 1 bytes to 64 MiB, as bytes \(e\.g\. 2097152\) or with a unit \(e\.g\. 2MiB\) \(got "2 GiB"\)\.$/,
      ],
      [{ STORIES_MAX_PAGE_BYTES: '100 MiB' }, /^STORIES_MAX_PAGE_BYTES must be a size/],
      [{ STORIES_FETCH_ALLOW_LOOPBACK: 'maybe' }, /^STORIES_FETCH_ALLOW_LOOPBACK must be true or false/],
      [{ RECORD_UNANSWERED: 'nope' }, /^RECORD_UNANSWERED must be true or false/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadStoriesConfig(env)).toThrow(ConfigError);
      expect(() => loadStoriesConfig(env)).toThrow(message);
    }
  });
});
