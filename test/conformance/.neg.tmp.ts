import { runClientScenario, killAllChildren } from "/work/main/test/conformance/run-suite.ts";
const r = await runClientScenario("/bin/false", "tools_call", 20000, 5000);
console.log(r.passed, r.note, r.clientExitCode, r.failures);
const r2 = await runClientScenario(`${process.execPath} -e setTimeout(()=>{},60000)`, "initialize", 20000, 3000);
console.log(r2.passed, r2.note, r2.clientExitCode, r2.clientTimedOut, r2.checks.length);
killAllChildren();
