// Opens build-web/losslab.html from disk in Debian's chromium (headless, SwiftShader WebGL2)
// and checks what a teacher's link must do: the state in the link is opened and rendered (the
// plot area holds the curve colours), the address follows the state, and an exported PNG
// downloaded from the page carries the session. Drives chromium through tests/web/cdp.mjs
// (the DevTools protocol over a pipe: nothing to install beyond node and chromium).
// Usage: node tests/web/browser_test.mjs [build-web/losslab.html] [screenshot-dir]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium_args, launch, sleep } from "./cdp.mjs";
import { readPng, countColour } from "./png.mjs";

const html = path.resolve(process.argv[2] || "build-web/losslab.html");
const shots = path.resolve(process.argv[3] || fs.mkdtempSync(path.join(os.tmpdir(), "losslab-web-")));
fs.mkdirSync(shots, { recursive: true });
let failures = 0;
const check = (ok, what) => { console.log(`${ok ? "ok  " : "FAIL"} ${what}`); if (!ok) ++failures; };

const browser = await launch({ args: chromium_args });

// A fresh browser context (own storage) with one page showing `fragment`, once the program runs.
async function open(viewport, fragment, scale = 1) {
  const context = await browser.new_context({ ...viewport, scale, downloads: path.join(shots, "downloads") });
  const page = await context.new_page();
  await page.goto(`file://${html}#${fragment}`);
  await page.wait_until("window.losslabReady === true", 60000);
  await sleep(1500); // a few frames: fonts and layout settle
  return { context, page, errors: page.errors };
}

// 1. Desktop size, the Focal lab with gamma = 3 from the link.
{
  const { context, page, errors } = await open({ width: 1280, height: 800 }, "lab=focal&focal.gamma=3");
  const shot = path.join(shots, "web-1280x800.png");
  await page.screenshot(shot);
  const img = readPng(fs.readFileSync(shot));
  // The plot area: right of the sidebar, left of the parameter column, below the heading.
  const plot = { x: 260, y: 90, w: 640, h: 680 };
  // The viridis family (gamma = 0 dark purple, gamma = 2 green) and the user's dashed
  // vermillion curve.
  const palette = { purple: [68, 1, 84], green: [34, 168, 132], vermillion: [213, 94, 0] };
  const counts = Object.fromEntries(Object.entries(palette).map(([k, c]) => [k, countColour(img, c, 30, plot)]));
  console.log("curve colour pixels in the plot area:", JSON.stringify(counts));
  check(Object.values(counts).filter((n) => n > 100).length >= 3, "the plot area holds the curve colours");
  const hash = await page.evaluate("window.location.hash");
  check(hash.includes("lab=focal") && hash.includes("focal.gamma=3"), `the address keeps the state (${hash})`);

  // The address follows the state: apply another gamma by editing the address.
  await page.evaluate('window.location.hash = "lab=focal&focal.gamma=0.5"');
  // The program reads the address every 15 frames; software WebGL on a busy machine is slow.
  const shot2 = path.join(shots, "web-gamma-0.5.png");
  for (let i = 0; i < 20; ++i) {
    await sleep(500);
    await page.screenshot(shot2);
    if (!fs.readFileSync(shot).equals(fs.readFileSync(shot2))) break;
  }
  check(!fs.readFileSync(shot).equals(fs.readFileSync(shot2)), "editing the address redraws the plot");

  const dl = await page.download(() => page.evaluate(
    'Module.ccall("losslab_web_export", null, ["string", "string"], ["focal-figure-1", "focal-figure.png"])'));
  const file = path.join(shots, "focal-figure.png");
  fs.copyFileSync(dl.file, file);
  const exported = readPng(fs.readFileSync(file));
  const session = exported.texts["losslab:session"] || "";
  check(dl.name === "focal-figure.png", `the export is a download (${dl.name})`);
  let parsed = {};
  try { parsed = JSON.parse(session); } catch (e) { /* reported below */ }
  check(parsed.format !== undefined && parsed.lab === "focal" && parsed.params?.["focal.gamma"] === 0.5,
        `the exported PNG carries the session (lab ${parsed.lab}, focal.gamma ${parsed.params?.["focal.gamma"]})`);
  console.log("exported PNG:", exported.width + "x" + exported.height, "session bytes:", session.length);
  check(errors.length === 0, `no page errors (${errors.join(" | ")})`);
  await context.close();
}

// 2. A phone-sized viewport with the teacher's prepared view (panels hidden).
{
  const { context, page, errors } = await open({ width: 390, height: 844 }, "lab=focal&focal.gamma=2.5&_hide=sidebar,params", 2);
  const shot = path.join(shots, "web-phone.png");
  await page.screenshot(shot);
  const img = readPng(fs.readFileSync(shot));
  const n = countColour(img, [213, 94, 0], 30);
  check(n > 150, `the phone view shows curves (${n} curve pixels)`);
  // The web bar (Open file... / Copy link) and the app's menu bar do not overlap, and both
  // fit in the page's width (boxes in CSS pixels from the program's own layout).
  const layout = JSON.parse(await page.evaluate('Module.ccall("losslab_web_layout", "string", [], [])'));
  const bar = layout["##web-bar"], menu = layout["LossLab"]?.menu_bar;
  const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  check(bar && menu && !overlap(bar, menu), `the web bar ${JSON.stringify(bar)} is clear of the menu bar ${JSON.stringify(menu)}`);
  check(bar && bar.x >= 0 && bar.x + bar.w <= 390.5, "the web bar fits the phone's width");
  // Copy link (the bar's right-most button) gives a link that reopens the same state.
  await page.click(bar.x + bar.w - 24, bar.y + bar.h / 2);
  await sleep(800);
  const link = await page.evaluate("navigator.clipboard.readText()");
  check(link.includes("lab=focal") && link.includes("focal.gamma=2.5") && link.includes("_hide="),
        `Copy link puts the state's link on the clipboard (${link})`);
  const again = await context.new_page();
  await again.goto(link);
  await again.wait_until("window.losslabReady === true", 60000);
  await sleep(1500);
  const shot3 = path.join(shots, "web-phone-reopened.png");
  await again.screenshot(shot3);
  const n3 = countColour(readPng(fs.readFileSync(shot3)), [213, 94, 0], 30);
  check(Math.abs(n3 - n) <= Math.max(20, n / 20), `the copied link reopens the same view (${n3} vs ${n} curve pixels)`);
  check(errors.length === 0, `no page errors (${errors.join(" | ")})`);
  await context.close();
}

// 3. The phone without hidden panels: the lab list is a combo box (no sidebar column) and the
// parameters sit below the plots at the page's full width, not squeezed beside them.
{
  const { context, page, errors } = await open({ width: 390, height: 844 }, "lab=focal", 2);
  await page.screenshot(path.join(shots, "web-phone-params.png"));
  const layout = JSON.parse(await page.evaluate('Module.ccall("losslab_web_layout", "string", [], [])'));
  const find = (part) => Object.entries(layout).find(([name]) => name.includes(part))?.[1];
  const plot = find("##plot-area"), controls = find("##controls");
  check(!find("##sidebar"), "the phone shows no lab-list column");
  check(plot && controls && controls.y >= plot.y + plot.h - 1,
        `the parameters ${JSON.stringify(controls)} are below the plots ${JSON.stringify(plot)}`);
  check(controls && controls.w >= 0.8 * 390, "the parameters take the phone's width");
  check(plot && plot.w >= 0.8 * 390 && plot.h >= 300, "the plots keep the width and a fair height");
  check(errors.length === 0, `no page errors (${errors.join(" | ")})`);
  await context.close();
}

await browser.close();
console.log(failures ? `${failures} check(s) failed; screenshots in ${shots}` : `all checks passed; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
