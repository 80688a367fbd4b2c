"""Screenshots of curate mode for the README: the seed's article part-coded, a passage selected
and the form open on it, in headless Chromium.

    .venv/bin/python bench/curate_screenshot.py [--out assets/curate.png] [--narrow /tmp/narrow.png]
        [--top]

The dataset is a copy of the seed with its first ROWS rows only, in a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import threading
import time
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from werkzeug.serving import make_server

from dashboard.curate import ids
from dashboard.curate.app import create_curate_app
from dashboard.curate.store import Store
from dashboard.settings import SEEDS_DIR

ROWS = 24
PASSAGE = "Iranian President Masoud Pezeshkian arrived in Moscow"
POINTS = """
const [start, end] = arguments;
const pieces = Array.from(document.querySelectorAll('#curate-article [data-start]'));
function locate(offset) {
  for (const p of pieces) {
    const from = Number(p.dataset.start), chars = Array.from(p.textContent);
    if (offset >= from && offset < from + chars.length)
      return [p.firstChild, chars.slice(0, offset - from).join('').length];
  }
}
const [a, ai] = locate(start), [b, bi] = locate(end - 1);
a.parentElement.scrollIntoView({block: 'center'});
const r1 = document.createRange(); r1.setStart(a, ai); r1.setEnd(a, ai + 1);
const r2 = document.createRange(); r2.setStart(b, bi); r2.setEnd(b, bi + 1);
const x = r1.getClientRects()[0], y = r2.getClientRects()[0];
return [x.left + 1, (x.top + x.bottom) / 2, y.right - 1, (y.top + y.bottom) / 2];
"""


def part_coded(folder: Path) -> Path:
    """The seed with its first ROWS rows, and only the actors they name."""
    shutil.copytree(SEEDS_DIR / "iran-russia-treaty", folder)
    triples = folder / "triples.csv"
    with triples.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:ROWS]
    used = {r["source"] for r in rows} | {r["target"] for r in rows}
    for name, keep in (
        ("triples.csv", lambda r: r in rows),
        ("actors.csv", lambda r: r["id"] in used),
    ):
        path = folder / name
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            fields, kept = reader.fieldnames, [r for r in reader if keep(r)]
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
    return folder


def shoot(width: int, height: int, url: str, article: str, out: Path, top: bool = False) -> None:
    from bench.browser_timing import browser, wait

    driver = browser(width, height)
    try:
        driver.get(url)
        wait(driver, lambda d: d.find_elements("css selector", f"#{ids.ARTICLE} [data-start]"))
        time.sleep(1.5)  # the graph's first drawing
        if top:  # the page as it opens: the toolbar, and on a phone what is above the fold
            top_out = out.with_name(f"{out.stem}-top{out.suffix}")
            driver.save_screenshot(str(top_out))
            print(f"screenshot: {top_out} ({width}x{height})")
        start = article.index(PASSAGE)
        x1, y1, x2, y2 = driver.execute_script(POINTS, start, start + len(PASSAGE))
        actions = ActionChains(driver)
        pointer = actions.w3c_actions.pointer_action
        pointer.move_to_location(x1, y1)
        pointer.pointer_down()
        pointer.move_to_location(x2, y2)
        pointer.pointer_up()
        actions.perform()
        wait(driver, lambda d: d.find_element("id", ids.QUOTE).text == PASSAGE)
        driver.find_element("css selector", f"#{ids.RELATION} input[value='visits']").click()
        time.sleep(0.8)
        driver.save_screenshot(str(out))
        print(f"screenshot: {out} ({width}x{height})")
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("assets/curate.png"))
    parser.add_argument("--narrow", type=Path, help="also a 390x844 screenshot here")
    parser.add_argument("--top", action="store_true",
                        help="also each size as the page opens, in NAME-top.png")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = part_coded(Path(tmp) / "iran-russia-treaty")
        store = Store.open(folder)
        server = make_server("127.0.0.1", 0, create_curate_app(store).server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/"
        article = (folder / "article.txt").read_text(encoding="utf-8")
        try:
            shoot(1440, 900, url, article, args.out, args.top)
            if args.narrow:
                shoot(390, 844, url, article, args.narrow, args.top)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
