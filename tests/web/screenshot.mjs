// One screenshot of build-web/losslab.html opened with a state in the link, in headless
// chromium (for the README and for looking at layouts).
// Usage: node tests/web/screenshot.mjs HTML FRAGMENT WIDTHxHEIGHT[@SCALE] OUT.png
// e.g. node tests/web/screenshot.mjs build-web/losslab.html "lab=focal" 390x844@2 /tmp/phone.png
import path from "node:path";
import { chromium_args, launch, sleep } from "./cdp.mjs";

const [html, fragment, size, out] = process.argv.slice(2);
const m = /^(\d+)x(\d+)(?:@(\d+(?:\.\d+)?))?$/.exec(size || "");
if (!html || fragment === undefined || !m || !out) {
    console.error("usage: node tests/web/screenshot.mjs HTML FRAGMENT WIDTHxHEIGHT[@SCALE] OUT.png");
    process.exit(2);
}
const browser = await launch({ args: chromium_args });
try {
    const context = await browser.new_context(
        { width: Number(m[1]), height: Number(m[2]), scale: Number(m[3] || 1) });
    const page = await context.new_page();
    await page.goto(`file://${path.resolve(html)}#${fragment}`);
    await page.wait_until("window.losslabReady === true", 60000);
    await sleep(2000); // a few frames: fonts and layout settle
    await page.screenshot(out);
    if (page.errors.length) console.error(`page errors: ${page.errors.join(" | ")}`);
    console.log(out);
} finally {
    await browser.close();
}
