'use strict';
// Unit tests of the npm launcher: node --test npm/docseek/test
const test = require('node:test');
const assert = require('node:assert/strict');
const childProcess = require('node:child_process');
const { EventEmitter } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const shimPath = path.join(__dirname, '..', 'bin', 'docseek.js');
const shim = require(shimPath);

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docseek-shim-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// writePackage writes node_modules/<name>/package.json (+ files) under root.
function writePackage(root, name, files = {}) {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0' }));
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), body, { mode: 0o755 });
  }
  return dir;
}

// fakeBinary is a node script standing in for docseek: it echoes stdin to
// stdout, prints its arguments and DOCSEEK_* variables as JSON to stderr,
// and on SIGTERM exits 3.
const fakeBinary = `#!${process.execPath}
process.stderr.write(JSON.stringify({ args: process.argv.slice(2), docs: process.env.DOCSEEK_DOCS_PACKAGE || '', model: process.env.DOCSEEK_MODEL_DIR || '' }) + '\\n');
process.on('SIGTERM', () => process.exit(3));
if (process.argv[2] === 'fail') process.exit(7);
if (process.argv[2] === 'wait') { console.log('ready'); setInterval(() => {}, 1000); }
else process.stdin.pipe(process.stdout);
`;

test('an unknown platform is named, with the ones that exist', () => {
  assert.throws(() => shim.findBinary('aix', 'ppc64', () => ''), (err) => {
    assert.ok(err instanceof shim.LaunchError);
    assert.match(err.message, /no build for this platform \(aix-ppc64\)/);
    assert.match(err.message, /linux-x64/);
    return true;
  });
});

test('a missing platform package is named, with the platform and the fix', () => {
  for (const key of Object.keys(shim.PLATFORMS)) {
    const [platform, arch] = key.split('-');
    assert.throws(() => shim.findBinary(platform, arch, () => ''), (err) => {
      assert.ok(err instanceof shim.LaunchError);
      assert.ok(err.message.includes(`${shim.PLATFORMS[key]} for this platform (${key}) is not installed`), err.message);
      assert.match(err.message, /--omit=optional/);
      return true;
    });
  }
});

test('a platform package without its binary is a broken install', (t) => {
  const root = tempDir(t);
  writePackage(root, '@docseek/linux-x64');
  const find = (name) => shim.findPackage(name, [path.join(root, 'node_modules')]);
  assert.throws(() => shim.findBinary('linux', 'x64', find), /holds no docseek: the install is broken/);
});

test('the binary is found in the platform package; .exe on Windows', (t) => {
  const root = tempDir(t);
  const linux = writePackage(root, '@docseek/linux-x64', { docseek: 'x' });
  const win = writePackage(root, '@docseek/win32-x64', { 'docseek.exe': 'x' });
  const find = (name) => shim.findPackage(name, [path.join(root, 'nowhere'), path.join(root, 'node_modules')]);
  assert.deepEqual(shim.findBinary('linux', 'x64', find), { pkg: '@docseek/linux-x64', dir: linux, exe: path.join(linux, 'docseek') });
  assert.equal(shim.findBinary('win32', 'x64', find).exe, path.join(win, 'docseek.exe'));
});

test('findPackage ignores a package\'s exports map', (t) => {
  const root = tempDir(t);
  const dir = writePackage(root, '@workos/mcp-docs-server');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@workos/mcp-docs-server', exports: { '.': './x.js' } }));
  assert.equal(shim.findPackage('@workos/mcp-docs-server', [path.join(root, 'node_modules')]), dir);
  assert.equal(shim.findPackage('@workos/absent', [path.join(root, 'node_modules')]), '');
});

test('childEnv says where the docs and model are, unless the user did', (t) => {
  const root = tempDir(t);
  const docs = writePackage(root, '@workos/mcp-docs-server');
  const platformDir = writePackage(root, '@docseek/linux-x64', { 'models/all-MiniLM-L6-v2/config.json': '{}' });
  const find = (name) => shim.findPackage(name, [path.join(root, 'node_modules')]);
  const env = shim.childEnv({ PATH: '/bin' }, platformDir, find);
  assert.equal(env.DOCSEEK_DOCS_PACKAGE, docs);
  assert.equal(env.DOCSEEK_MODEL_DIR, path.join(platformDir, 'models', 'all-MiniLM-L6-v2'));
  assert.equal(env.PATH, '/bin');
  const mine = shim.childEnv({ DOCSEEK_DOCS_PACKAGE: '/mine', DOCSEEK_MODEL_DIR: '/my-model' }, platformDir, find);
  assert.equal(mine.DOCSEEK_DOCS_PACKAGE, '/mine');
  assert.equal(mine.DOCSEEK_MODEL_DIR, '/my-model');
  const bare = shim.childEnv({}, root, () => '');
  assert.equal(bare.DOCSEEK_DOCS_PACKAGE, undefined);
  assert.equal(bare.DOCSEEK_MODEL_DIR, undefined);
});

// install lays out a prefix as npm would: the docseek package with this
// shim, the host's platform package with the fake binary, and the docs.
function install(t, { platformPackage = true } = {}) {
  const root = tempDir(t);
  writePackage(root, 'docseek', { 'bin/docseek.js': fs.readFileSync(shimPath) });
  writePackage(root, '@workos/mcp-docs-server');
  const pkg = shim.PLATFORMS[`${process.platform}-${process.arch}`];
  if (platformPackage && pkg) writePackage(root, pkg, { docseek: fakeBinary, 'models/all-MiniLM-L6-v2/config.json': '{}' });
  return path.join(root, 'node_modules', 'docseek', 'bin', 'docseek.js');
}

test('the launcher passes arguments, stdio and the exit code through', { skip: process.platform === 'win32' }, (t) => {
  const launcher = install(t);
  const env = { ...process.env, DOCSEEK_DOCS_PACKAGE: '', DOCSEEK_MODEL_DIR: '' };
  const r = childProcess.spawnSync(process.execPath, [launcher, 'serve', '--json'], { input: 'hello over stdin', env });
  assert.equal(r.status, 0, r.stderr.toString());
  assert.equal(r.stdout.toString(), 'hello over stdin');
  const seen = JSON.parse(r.stderr.toString().split('\n')[0]);
  assert.deepEqual(seen.args, ['serve', '--json']);
  assert.match(seen.docs, /node_modules[\\/]@workos[\\/]mcp-docs-server$/);
  assert.match(seen.model, /models[\\/]all-MiniLM-L6-v2$/);
  const fail = childProcess.spawnSync(process.execPath, [launcher, 'fail'], { input: '', env });
  assert.equal(fail.status, 7);
});

test('the launcher passes SIGTERM to the binary and exits with its code', { skip: process.platform === 'win32' }, async (t) => {
  const launcher = install(t);
  const child = childProcess.spawn(process.execPath, [launcher, 'wait'], { stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise((resolve) => child.stdout.once('data', resolve)); // the binary runs
  child.kill('SIGTERM');
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 3);
});

test('the launcher without the platform package exits 1 with a clear message', (t) => {
  const launcher = install(t, { platformPackage: false });
  const r = childProcess.spawnSync(process.execPath, [launcher, 'serve'], { input: '', timeout: 10000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr.toString(), new RegExp(`\\(${process.platform}-${process.arch}\\)`));
});

test('run reports a binary that cannot start', async () => {
  const proc = new EventEmitter();
  let stderr = '';
  proc.stderr = { write: (s) => { stderr += s; } };
  const code = await shim.run(path.join(os.tmpdir(), 'no-such-docseek'), [], process.env, proc);
  assert.equal(code, 1);
  assert.match(stderr, /cannot start/);
  assert.equal(proc.listenerCount('SIGTERM'), 0);
});

test('the launcher stops the binary when its parent dies without passing a signal on', { skip: process.platform === 'win32', timeout: 20000 }, async (t) => {
  const launcher = install(t);
  // sh starts the launcher as npx does; killing sh orphans the launcher.
  const sh = childProcess.spawn('/bin/sh', ['-c', `"${process.execPath}" "${launcher}" wait; :`], { stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise((resolve) => sh.stdout.once('data', resolve)); // the binary runs
  const binaryExited = new Promise((resolve) => sh.stdout.on('end', resolve)); // its stdout closes when it exits
  sh.kill('SIGKILL');
  await binaryExited;
});
