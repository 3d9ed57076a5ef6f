#!/usr/bin/env node
// Generates the npm packages of a release from the templates beside this
// file (make dist runs it; the output is never committed):
//
//   node npm/generate.js VERSION DOCS_VERSION OUT PLATFORM...
//
// writes OUT/docseek (the launcher, depending on @workos/mcp-docs-server
// at exactly DOCS_VERSION and, optionally, on every platform package of
// the shim's PLATFORMS) and OUT/PLATFORM/package.json for each PLATFORM
// given, whose folder make dist has filled with the binary and the model.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { PLATFORMS } = require('./docseek/bin/docseek.js');

function readJSON(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJSON(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function main(argv) {
  const [version, docsVersion, out, ...platforms] = argv;
  if (!version || !docsVersion || !out) {
    throw new Error('usage: node npm/generate.js VERSION DOCS_VERSION OUT PLATFORM...');
  }
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    throw new Error(`version ${JSON.stringify(version)} is not a semver version npm accepts`);
  }

  const main = readJSON(path.join(__dirname, 'docseek', 'package.json'));
  main.version = version;
  main.dependencies = { '@workos/mcp-docs-server': docsVersion };
  main.optionalDependencies = {};
  for (const pkg of Object.values(PLATFORMS)) main.optionalDependencies[pkg] = version;
  const mainDir = path.join(out, 'docseek');
  fs.mkdirSync(path.join(mainDir, 'bin'), { recursive: true });
  writeJSON(path.join(mainDir, 'package.json'), main);
  fs.copyFileSync(path.join(__dirname, 'docseek', 'bin', 'docseek.js'), path.join(mainDir, 'bin', 'docseek.js'));
  fs.chmodSync(path.join(mainDir, 'bin', 'docseek.js'), 0o755);
  fs.copyFileSync(path.join(__dirname, 'docseek', 'README.md'), path.join(mainDir, 'README.md'));

  const template = fs.readFileSync(path.join(__dirname, 'platform', 'package.json'), 'utf8');
  const readme = fs.readFileSync(path.join(__dirname, 'platform', 'README.md'), 'utf8');
  for (const key of platforms) {
    const name = PLATFORMS[key];
    if (!name) throw new Error(`unknown platform ${key} (known: ${Object.keys(PLATFORMS).join(', ')})`);
    const [os, cpu] = key.split('-');
    const dir = path.join(out, key);
    const exe = os === 'win32' ? 'docseek.exe' : 'docseek';
    for (const want of [exe, 'models', 'NOTICE', 'LICENSE.model']) {
      if (!fs.existsSync(path.join(dir, want))) throw new Error(`${dir} lacks ${want}: make dist puts the binary and the model there first`);
    }
    const pkg = JSON.parse(template.replaceAll('PLATFORM', key));
    pkg.name = name;
    pkg.version = version;
    pkg.os = [os];
    pkg.cpu = [cpu];
    pkg.files = [exe, 'models', 'NOTICE', 'LICENSE.model', 'README.md'];
    writeJSON(path.join(dir, 'package.json'), pkg);
    fs.writeFileSync(path.join(dir, 'README.md'), readme.replaceAll('PLATFORM', key));
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`npm/generate.js: ${err.message}\n`);
  process.exit(1);
}
