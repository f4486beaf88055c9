// Runs Lighthouse (the pinned npm package) on a list of pages, a fresh Chromium for each (a reused one sometimes
// loses the page-load trace: NO_NAVSTART), and prints one JSON object per page on stdout. Used by
// e2e/test_lighthouse.py, which passes the job as JSON on stdin:
//   {"pages": [{"url": "...", "headers": {"Cookie": "..."}}, ...], "chromePath": "/usr/bin/chromium",
//    "chromeFlags": [...]}
// Mobile settings are Lighthouse's defaults (Moto G Power screen, simulated slow 4G, 4x CPU slowdown).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));

async function audit(url, headers) {
  const chrome = await chromeLauncher.launch({chromePath: job.chromePath, chromeFlags: job.chromeFlags});
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
      extraHeaders: headers || {},
    });
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

function summary(lhr) {
  const failing = [];
  for (const category of Object.values(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const result = lhr.audits[ref.id];
      if (ref.weight > 0 && result.score !== null && result.score < 1) {
        failing.push({category: category.id, id: result.id, title: result.title, score: result.score,
                      displayValue: result.displayValue || "",
                      items: ((result.details && result.details.items) || []).slice(0, 5).map((item) =>
                        item.node ? item.node.snippet || item.node.selector : item.url || "")});
      }
    }
  }
  const metrics = {};
  for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                    "cumulative-layout-shift", "speed-index"]) {
    metrics[id] = lhr.audits[id] ? lhr.audits[id].displayValue : null;
  }
  return {
    finalUrl: lhr.finalDisplayedUrl,
    runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
    warnings: lhr.runWarnings,
    scores: Object.fromEntries(Object.values(lhr.categories).map((c) => [c.id, c.score])),
    metrics, failing,
  };
}

for (const {url, headers} of job.pages) {
  const started = Date.now();
  let lhr = await audit(url, headers);
  let attempts = 1;
  if (lhr.runtimeError) {  // a lost trace is Lighthouse's hiccup, not the page's: one more try
    lhr = await audit(url, headers);
    attempts = 2;
  }
  console.log(JSON.stringify({url, seconds: (Date.now() - started) / 1000, attempts, ...summary(lhr)}));
}
