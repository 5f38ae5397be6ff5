// A small driver for Debian's chromium over the DevTools protocol, with no dependency beyond
// node: chromium is started with --remote-debugging-pipe, which speaks the protocol as
// NUL-terminated JSON messages on the child's file descriptors 3 (commands) and 4 (replies and
// events). Only what tests/web/browser_test.mjs needs: pages with a viewport and a device pixel
// ratio, evaluation, screenshots, mouse clicks, clipboard permission and downloads.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Headless chromium with WebGL2 in software (SwiftShader: no GPU needed), quiet and offline.
export const chromium_args = [
    "--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--mute-audio"];

// Starts chromium headless; `executable` defaults to $CHROMIUM or /usr/bin/chromium.
export async function launch({ executable, args = [] } = {}) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "losslab-chromium-"));
    const child = spawn(executable || process.env.CHROMIUM || "/usr/bin/chromium",
        ["--headless", "--remote-debugging-pipe", `--user-data-dir=${profile}`, ...args,
         "about:blank"],
        { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-4000); });
    const browser = new Browser(child, profile);
    child.on("exit", (code) => browser.closed(`chromium exited (${code}): ${stderr}`));
    await browser.send("Target.setDiscoverTargets", { discover: false });
    return browser;
}

class Browser {
    constructor(child, profile) {
        this.child = child;
        this.profile = profile;
        this.next_id = 1;
        this.pending = new Map();
        this.listeners = [];
        let buffered = "";
        child.stdio[4].on("data", (chunk) => {
            buffered += chunk.toString("utf8");
            let end;
            while ((end = buffered.indexOf("\0")) >= 0) {
                const message = JSON.parse(buffered.slice(0, end));
                buffered = buffered.slice(end + 1);
                this.dispatch(message);
            }
        });
    }

    dispatch(message) {
        if (message.id !== undefined) {
            const waiter = this.pending.get(message.id);
            if (!waiter) return;
            this.pending.delete(message.id);
            if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
            else waiter.resolve(message.result);
            return;
        }
        for (const listener of [...this.listeners]) listener(message);
    }

    closed(why) {
        for (const waiter of this.pending.values()) waiter.reject(new Error(why));
        this.pending.clear();
    }

    // Sends one command (to a page when `session` is given) and resolves with its result.
    send(method, params = {}, session = undefined) {
        const id = this.next_id++;
        const message = { id, method, params };
        if (session) message.sessionId = session;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject, method });
            this.child.stdio[3].write(JSON.stringify(message) + "\0");
        });
    }

    // Calls `listener(params)` for each event `method` (from `session` when given).
    on(method, listener, session = undefined) {
        const wrapped = (m) => {
            if (m.method === method && (!session || m.sessionId === session)) listener(m.params);
        };
        this.listeners.push(wrapped);
        return () => { this.listeners = this.listeners.filter((l) => l !== wrapped); };
    }

    // The first event `method` for which `accept(params)` holds, or a rejection after `ms`.
    wait_for(method, accept = () => true, ms = 30000, session = undefined) {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => { off(); reject(new Error(`no ${method} in ${ms} ms`)); }, ms);
            const off = this.on(method, (params) => {
                if (!accept(params)) return;
                clearTimeout(timer);
                off();
                resolve(params);
            }, session);
        });
    }

    // A page in a fresh browser context (its own storage, permissions and downloads folder).
    async new_context({ width, height, scale = 1, downloads }) {
        const { browserContextId } = await this.send("Target.createBrowserContext");
        await this.send("Browser.grantPermissions", {
            browserContextId, permissions: ["clipboardReadWrite", "clipboardSanitizedWrite"] });
        if (downloads) {
            fs.mkdirSync(downloads, { recursive: true });
            await this.send("Browser.setDownloadBehavior", {
                browserContextId, behavior: "allowAndName", downloadPath: downloads,
                eventsEnabled: true });
        }
        const context = { browser: this, id: browserContextId, width, height, scale, downloads };
        context.new_page = () => Page.open(context);
        context.close = () => this.send("Target.disposeBrowserContext", { browserContextId });
        return context;
    }

    async close() {
        try { await this.send("Browser.close"); } catch (e) { /* already gone */ }
        await new Promise((resolve) => {
            if (this.child.exitCode !== null) resolve();
            else this.child.on("exit", resolve);
        });
        fs.rmSync(this.profile, { recursive: true, force: true });
    }
}

class Page {
    static async open(context) {
        const b = context.browser;
        const { targetId } = await b.send("Target.createTarget",
            { url: "about:blank", browserContextId: context.id });
        const { sessionId } = await b.send("Target.attachToTarget", { targetId, flatten: true });
        const page = new Page(context, sessionId);
        await page.send("Page.enable");
        await page.send("Runtime.enable");
        await page.send("Emulation.setDeviceMetricsOverride", {
            width: context.width, height: context.height, deviceScaleFactor: context.scale,
            mobile: false });
        // Headless pages never have the focus, which the clipboard requires.
        await page.send("Emulation.setFocusEmulationEnabled", { enabled: true });
        return page;
    }

    constructor(context, session) {
        this.context = context;
        this.browser = context.browser;
        this.session = session;
        this.errors = [];
        this.browser.on("Runtime.exceptionThrown",
            (p) => this.errors.push(p.exceptionDetails.exception?.description ||
                                    p.exceptionDetails.text), session);
        this.browser.on("Runtime.consoleAPICalled", (p) => {
            if (p.type === "error")
                this.errors.push(p.args.map((a) => a.value ?? a.description ?? "").join(" "));
        }, session);
    }

    send(method, params = {}) { return this.browser.send(method, params, this.session); }

    // Loads `url` and waits for its load event.
    async goto(url) {
        const loaded = this.browser.wait_for("Page.loadEventFired", () => true, 60000, this.session);
        const r = await this.send("Page.navigate", { url });
        if (r.errorText) throw new Error(`cannot open ${url}: ${r.errorText}`);
        await loaded;
    }

    // The value of the JavaScript `expression` (awaited when it is a promise).
    async evaluate(expression) {
        const r = await this.send("Runtime.evaluate",
            { expression, awaitPromise: true, returnByValue: true, userGesture: true });
        if (r.exceptionDetails)
            throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ||
                                              r.exceptionDetails.text}`);
        return r.result.value;
    }

    // Polls `expression` until it is truthy; throws after `ms`.
    async wait_until(expression, ms = 60000) {
        const end = Date.now() + ms;
        while (!(await this.evaluate(expression))) {
            if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
            await sleep(100);
        }
    }

    // A PNG of the viewport in device pixels.
    async screenshot(file) {
        const { data } = await this.send("Page.captureScreenshot", { format: "png" });
        const bytes = Buffer.from(data, "base64");
        if (file) fs.writeFileSync(file, bytes);
        return bytes;
    }

    // A left click at (x, y) in CSS pixels, after moving there (ImGui acts on hover first).
    async click(x, y) {
        await this.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
        await sleep(100);
        await this.send("Input.dispatchMouseEvent",
            { type: "mousePressed", x, y, button: "left", buttons: 1, clickCount: 1 });
        await sleep(100);
        await this.send("Input.dispatchMouseEvent",
            { type: "mouseReleased", x, y, button: "left", buttons: 0, clickCount: 1 });
    }

    // Runs `action` and resolves with { name, file } of the download it starts.
    async download(action, ms = 30000) {
        let name = "", guid = "";
        const finished = new Map(); // guid -> final state (events may come before the action returns)
        const off_begin = this.browser.on("Browser.downloadWillBegin", (p) => {
            if (!guid) { guid = p.guid; name = p.suggestedFilename; }
        });
        const off_progress = this.browser.on("Browser.downloadProgress", (p) => {
            if (p.state !== "inProgress") finished.set(p.guid, p.state);
        });
        try {
            await action();
            const end = Date.now() + ms;
            while (!(guid && finished.has(guid))) {
                if (Date.now() > end) throw new Error(guid ? `download ${name} did not finish`
                                                           : "no download started");
                await sleep(50);
            }
        } finally {
            off_begin();
            off_progress();
        }
        if (finished.get(guid) !== "completed") throw new Error(`download ${name}: ${finished.get(guid)}`);
        return { name, file: path.join(this.context.downloads, guid) };
    }
}
