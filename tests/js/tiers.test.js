// The test tiers (tests/tiers/<tier>.cjs, run by `npm run test:<tier>`): every test file that `npm test`
// runs (.mocharc.json's spec, tests/js/**/*.test.js) is in exactly one tier, and a tier names only such files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TESTS = new URL('./', import.meta.url);
const TIERS = new URL('../tiers/', import.meta.url);

describe('test tiers (tests/tiers/*.cjs)', function () {
  const testFiles = readdirSync(TESTS, { recursive: true })
    .filter((path) => path.endsWith('.test.js'))
    .map((path) => `tests/js/${path.split('\\').join('/')}`)
    .sort();
  const tiers = readdirSync(TIERS)
    .filter((name) => name.endsWith('.cjs'))
    .map((name) => ({ name: name.slice(0, -'.cjs'.length), spec: require(new URL(name, TIERS).pathname).spec }));

  it('puts every test file in exactly one tier', () => {
    const inTiers = (file) => tiers.filter(({ spec }) => spec.includes(file)).map(({ name }) => name);
    assert.deepEqual(
      testFiles.filter((file) => inTiers(file).length === 0),
      [],
      'in no tier',
    );
    assert.deepEqual(
      testFiles.filter((file) => inTiers(file).length > 1).map((file) => `${file}: ${inTiers(file)}`),
      [],
      'in more than one tier',
    );
    for (const { name, spec } of tiers) {
      assert.equal(new Set(spec).size, spec.length, `tests/tiers/${name}.cjs names a file twice`);
    }
  });

  it('names only test files that exist, by their paths', () => {
    for (const { name, spec } of tiers) {
      assert.deepEqual(
        spec.filter((file) => !testFiles.includes(file)),
        [],
        `tests/tiers/${name}.cjs`,
      );
    }
  });

  it('has an npm script for each tier', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const { name } of tiers) assert.equal(scripts[`test:${name}`], `bash build.sh --test=${name}`);
  });
});
