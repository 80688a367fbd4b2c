"""Time the dashboard as a reader meets it, in headless Chromium; optionally save a screenshot.

    .venv/bin/python bench/browser_timing.py [PATH] [--runs 5] [--screenshot assets/screenshot.png]

Prints medians of: navigation to a drawn graph (warm server, fresh page each run), a real mouse
click on an actor to its quotes in the panel, and a relation-filter click to the redrawn graph.
For an article-sized dataset: it clicks the SVG marker of a small figure (bench/floor.py and
bench/scale.py time large networks, whose markers are WebGL).
The machine is shared and noisy: compare figures from one run, not across runs.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from dashboard import ids
from dashboard.app import create_app
from dashboard.corpus import load_corpus
from dashboard.settings import SEEDS_DIR

GRAPH = f"#{ids.GRAPH} .js-plotly-plot"
EDGE_COUNT = f"""
const gd = document.querySelector('{GRAPH}');
if (!gd || !gd.data) return -1;
const keys = new Set();
for (const t of gd.data) if (t.name !== 'actors' && t.customdata) for (const k of t.customdata) if (k) keys.add(k);
return keys.size;
"""


def browser(width: int, height: int) -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--hide-scrollbars",
                     f"--window-size={width},{height}"):  # fmt: skip
        options.add_argument(argument)
    return webdriver.Chrome(options=options)


def wait(driver, condition, timeout=30.0):
    WebDriverWait(driver, timeout, poll_frequency=0.005).until(lambda d: condition(d))


def time_page(driver, url: str) -> float:
    driver.get("about:blank")
    started = time.perf_counter()
    driver.get(url)
    wait(driver, lambda d: d.execute_script(EDGE_COUNT) > 0)
    return time.perf_counter() - started


def click_actor(driver, model_order: list[str], actor: str) -> None:
    index = model_order.index(actor)
    traces = driver.find_elements(By.CSS_SELECTOR, f"{GRAPH} .scatterlayer .trace")
    point = traces[-1].find_elements(By.CSS_SELECTOR, "path.point")[index]
    ActionChains(driver).move_to_element(point).click().perform()


def panel_title(driver) -> str:
    # Read through JS: the panel is re-rendered under us, so element handles go stale.
    return driver.execute_script(
        f"const e = document.querySelector('#{ids.PANEL} .panel-title'); return e && e.textContent;"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=SEEDS_DIR)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--actor", default="iran", help="actor to click (default: %(default)s)")
    parser.add_argument("--screenshot", type=Path, help="save a screenshot with the actor selected")
    parser.add_argument("--size", default="1440x900", help="window size (default: %(default)s)")
    args = parser.parse_args()

    dataset = load_corpus(args.path)
    app = create_app(dataset)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    order = list(dataset.actors.index)
    width, height = (int(n) for n in args.size.split("x"))
    driver = browser(width, height)
    try:
        time_page(driver, url)  # warm the server and the browser cache once
        loads, clicks, filters = [], [], []
        for _ in range(args.runs):
            loads.append(time_page(driver, url))
            started = time.perf_counter()
            click_actor(driver, order, args.actor)
            name = dataset.actors.at[args.actor, "name"]
            wait(driver, lambda d, n=name: panel_title(d) == n)
            clicks.append(time.perf_counter() - started)
            before = driver.execute_script(EDGE_COUNT)
            box = driver.find_element(
                By.CSS_SELECTOR, f"#{ids.RELATION_FILTER} input[value='cooperates']"
            )
            started = time.perf_counter()
            box.click()
            wait(driver, lambda d, b=before: d.execute_script(EDGE_COUNT) not in (b, -1))
            filters.append(time.perf_counter() - started)
        print(
            f"dataset: {dataset.path} ({len(dataset.actors)} actors, {len(dataset.triples)} triples)"
        )
        for label, values in (("page load to drawn graph", loads),
                              ("actor click to quotes in panel", clicks),
                              ("filter click to redrawn graph", filters)):  # fmt: skip
            print(f"{label:32s} median {statistics.median(values) * 1000:7.0f} ms  "
                  f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})")  # fmt: skip
        if args.screenshot:
            time_page(driver, url)
            click_actor(driver, order, args.actor)
            wait(driver, lambda d: panel_title(d) == dataset.actors.at[args.actor, "name"])
            # Park the mouse off the graph so no hover label covers it, and let it settle.
            ActionChains(driver).move_to_element(
                driver.find_element(By.CSS_SELECTOR, "h1")
            ).perform()
            time.sleep(0.5)
            driver.save_screenshot(str(args.screenshot))
            print(f"screenshot: {args.screenshot}")
    finally:
        driver.quit()
        server.shutdown()


if __name__ == "__main__":
    main()
