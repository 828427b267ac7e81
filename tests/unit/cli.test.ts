import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../src/cli/format.js';

function ask(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ask command line', () => {
  it('prints a readable, cited answer', () => {
    const { status, stdout } = ask(["Why did Iraq's parliament vote to expel U.S. troops?"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^1\. ¶1 · /);
  });

  it('prints exactly one JSON object with --json', () => {
    const { status, stdout } = ask(['--json', 'how many lawmakers voted']);
    expect(status).toBe(0);
    const answer = JSON.parse(stdout) as {
      answered: boolean;
      passages: { paragraph: number; document: string; title: string; text: string; score: number }[];
    };
    expect(answer.answered).toBe(true);
    expect(answer.passages[0]).toMatchObject({ paragraph: 11, document: 'iraq-parliament-votes-to-expel-us-troops' });
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reads one question per line from stdin and answers in order', () => {
    const { status, stdout } = ask(['--json', '--top', '1'], 'how many lawmakers voted\nWho won the World Cup?\n');
    expect(status).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { question: string; answered: boolean; passages: unknown[] });
    expect(lines.map((l) => l.question)).toEqual(['how many lawmakers voted', 'Who won the World Cup?']);
    expect(lines.map((l) => l.answered)).toEqual([true, false]);
    expect(lines[0]!.passages).toHaveLength(1);
    expect(lines[1]!.passages).toEqual([]);
  });

  it('exits 2 with a message for an empty question or an unknown flag', () => {
    for (const args of [[''], ['   '], ['--frobnicate', 'x'], ['--top', 'many', 'x'], []]) {
      const { status, stderr, stdout } = ask(args);
      expect(status, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/Usage/);
      expect(stdout).toBe('');
    }
  });

  it('fails clearly on a bad corpus folder', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', 'x'], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'], CORPUS_DIR: '/nonexistent' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Corpus folder \/nonexistent does not exist/);
  });

  it('parses --top=N and -- separators', () => {
    expect(parseArguments(['--top=2', '--', '--not-a-flag'])).toMatchObject({ top: 2, question: '--not-a-flag' });
  });
});
