/** Bad input of every kind: a clear message, the documented exit code, never a stack trace. */
import { describe, expect, it } from 'vitest';
import { jsonOf, looksLikeStackTrace, runCli } from './test-support/run-cli.js';

describe('backprop: bad input', () => {
  it('shows help for every command with exit code 0', async () => {
    for (const command of ['train', 'predict', 'bench', 'doctor']) {
      const run = await runCli([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toContain(`Usage: backprop ${command}`);
      expect(run.stdout).toContain('--json');
    }
  });

  it('refuses an unknown flag with exit code 2 and names it', async () => {
    const run = await runCli(['train', '--epochz', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: unknown option '--epochz'/);
    expect(run.stderr).toContain('--epochs'); // commander's suggestion
    expect(looksLikeStackTrace(run.stderr)).toBe(false);
  });

  it('refuses an unknown dataset and lists the real ones', async () => {
    const run = await runCli(['train', '--dataset', 'cifar']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/'cifar' is invalid.*seed, xor, sine, spirals, mnist/s);
  });

  it('with no command, shows the commands on stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Commands:\n\s+train/);
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown command and a bad number', async () => {
    const command = await runCli(['fly']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'fly'");
    const number = await runCli(['train', '--dataset', 'xor', '--epochs', '0']);
    expect(number.code).toBe(2);
    expect(number.stderr).toMatch(/--epochs <n>.*must be a positive integer/);
  });

  it('refuses combinations that cannot work, before training', async () => {
    const loss = await runCli(['train', '--dataset', 'sine', '--loss', 'softmaxCrossEntropy']);
    expect(loss.code).toBe(2);
    expect(loss.stderr).toContain('dataset sine is a regression');
    const layers = await runCli(['train', '--dataset', 'xor', '--layers', '8,0']);
    expect(layers.code).toBe(2);
    expect(layers.stderr).toContain('--layers must be hidden layer sizes');
    const flag = await runCli(['train', '--dataset', 'xor', '--backend', 'js', '--engine', 'wasm']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--engine does not apply to backend js');
    const backend = await runCli(['train', '--dataset', 'xor', '--backend', 'cuda']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain("unknown backend 'cuda'");
  });

  it('with --json, prints the error as one JSON document on stdout too', async () => {
    const run = await runCli(['train', '--dataset', 'xor', '--epochs', 'many', '--json']);
    expect(run.code).toBe(2);
    const doc = jsonOf<{ error: { kind: string; message: string; exitCode: number } }>(run);
    expect(doc.error.kind).toBe('usage');
    expect(doc.error.exitCode).toBe(2);
    expect(doc.error.message).toContain('--epochs');
  });
});
