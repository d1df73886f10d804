// Runs Azurite for a test process and ends it when that process is gone: a test host killed before its exit
// handlers ran (the test runner does that to a host slow to exit on a loaded machine) leaves no Azurite behind.
// Usage: node azurite-watchdog.js <parent pid> <path of azurite.js> <Azurite's arguments...>
"use strict";
const parent = Number(process.argv[2]);
const script = process.argv[3];
process.argv.splice(1, 3, script); // Azurite reads its options from process.argv as if started directly.
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch (e) {
    if (e.code === "ESRCH") {
      process.exit(0);
    }
  }
}, 1000).unref();
require(script);
