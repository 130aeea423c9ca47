// Compares the committed package-lock.json with the one `npm install` left, ignoring only optional
// packages built for another platform: which of those the registry serves changes from day to day
// and installs nothing here. Any other difference (a version, an integrity, a new package for this
// platform) fails. On success the committed lock is restored, so the work tree stays clean.
//   node .ci/lock-check.mjs <committed-lock> <installed-lock>
import { readFileSync, writeFileSync } from 'node:fs';

const [committedPath, installedPath] = process.argv.slice(2);
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** npm's reading of an `os` or `cpu` list: names allow, `!name` excludes, no list allows all. */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const allowed = list.filter((v) => !v.startsWith('!'));
  return allowed.length === 0 || allowed.includes(value);
}

const libc = process.report?.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';

/** True for an optional package that this machine would never install. */
const foreign = (entry) =>
  entry.optional === true &&
  !(allows(entry.os, process.platform) && allows(entry.cpu, process.arch) && allows(entry.libc, libc));

function relevant(lock) {
  const packages = {};
  for (const [path, entry] of Object.entries(lock.packages ?? {}))
    if (!foreign(entry)) packages[path] = entry;
  return JSON.stringify({ ...lock, packages });
}

const committed = read(committedPath);
const installed = read(installedPath);
const a = relevant(committed);
const b = relevant(installed);
if (a !== b) {
  const ka = new Set(Object.keys(JSON.parse(a).packages));
  const kb = new Set(Object.keys(JSON.parse(b).packages));
  const added = [...kb].filter((k) => !ka.has(k));
  const removed = [...ka].filter((k) => !kb.has(k));
  const changed = [...ka].filter(
    (k) =>
      kb.has(k) && JSON.stringify(JSON.parse(a).packages[k]) !== JSON.stringify(JSON.parse(b).packages[k]),
  );
  console.log('package-lock.json is out of date for this platform: run npm install and commit it');
  for (const [label, list] of [
    ['added', added],
    ['removed', removed],
    ['changed', changed],
  ])
    if (list.length)
      console.log(
        `  ${label}: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ` (+${list.length - 10} more)` : ''}`,
      );
  process.exit(1);
}
writeFileSync(installedPath, readFileSync(committedPath));
