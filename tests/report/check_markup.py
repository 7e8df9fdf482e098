#!/usr/bin/env python3
"""Markup in every text field of every input must stay text in every
markup writer: the fp-map SVG (with flows and points), the fp-report HTML
and the fp-check JUnit XML. Each output is parsed with a real XML parser
(HTML with lxml.html) and must hold no injected element or attribute; the
report is also loaded in headless Chromium, whose DOM must hold only the
report's own script.

    check_markup.py BIN_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

from lxml import etree, html

bin_dir = sys.argv[1]

# Each payload tries another way out of text or out of a quoted attribute.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "]]></title><script>alert(4)</script>",
    "</script><script>alert(5)</script>",
    "<!--",
    "&amp;&lt;&#0;& \u2028\u2029",
]
# Elements and attributes a payload would create if it escaped.
INJECTED_TAGS = {"img", "iframe", "object", "embed"}


def poly(x0, y0, x1, y1):
    return f'"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"'


def csv_text(text):
    return '"' + text.replace('"', '""') + '"'


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def run(args, work):
    result = subprocess.run([os.path.join(bin_dir, args[0])] + args[1:], cwd=work, capture_output=True, text=True)
    if result.returncode not in (0, 3):
        print(f"FAIL: {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        sys.exit(1)
    return result


failures = []


def check_tree(what, root, own_scripts):
    """No element or attribute that a payload could have made."""
    scripts = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        tag = etree.QName(element).localname.lower()
        if tag == "script":
            scripts += 1
        if tag in INJECTED_TAGS or (tag == "svg" and what != "svg" and element.get("onload") is not None):
            failures.append(f"{what}: injected <{tag}> element")
        for name in element.attrib:
            if etree.QName(name).localname.lower().startswith("on"):
                failures.append(f"{what}: injected attribute {name} on <{tag}>")
    if scripts != own_scripts:
        failures.append(f"{what}: {scripts} <script> elements, expected {own_scripts}")
    for comment in root.iter(etree.Comment):
        failures.append(f"{what}: a comment in the output: {comment.text[:40]!r}")


def check_text_survives(what, text):
    """The payloads are shown as text, not dropped: each is found escaped."""
    for payload in PAYLOADS[:5]:
        if payload.replace("\u2028", "").replace("\u2029", "") not in text:
            failures.append(f"{what}: payload {payload!r} is not shown as text")


def main():
    work = tempfile.mkdtemp()
    try:
        # A file name and so a layer name with markup (no slash in a name).
        fp_file = 'fp"><img src=x onerror=alert(9)>&.csv'
        units_file = "units<svg onload=alert(8)><script>.csv"
        p = PAYLOADS
        # Two footprints side by side; unit U-split straddles both, so its
        # code appears in the split-unit hover text with the footprint codes.
        write(os.path.join(work, fp_file), [
            "FPCD,FPNM,wkt",
            f"{csv_text('F1' + p[0])},{csv_text('North ' + p[1])},{poly(400000, 100000, 402000, 102000)}",
            f"{csv_text('F2' + p[1])},{csv_text('South ' + p[2] + p[6])},{poly(402000, 100000, 404000, 102000)}",
            f"{csv_text('F3' + p[3])},{csv_text('East ' + p[4] + p[5])},{poly(404000, 100000, 406000, 102000)}",
        ])
        write(os.path.join(work, units_file), [
            "UNITCD,UNITNM,wkt",
            f"{csv_text('U1' + p[2])},{csv_text('Unit ' + p[0])},{poly(400000, 100000, 401000, 102000)}",
            f"{csv_text('Usplit' + p[0])},{csv_text('Split ' + p[1])},{poly(401000, 100000, 403000, 102000)}",
            f"{csv_text('U3' + p[3])},{csv_text('Split ' + p[4])},{poly(403000, 100000, 405000, 102000)}",
            f"{csv_text('U4' + p[5])},{csv_text('Name ' + p[6])},{poly(405000, 100000, 406000, 102000)}",
        ])
        # Providers placed in footprints by location; one has no footprint.
        write(os.path.join(work, "providers.csv"), [
            "PCD,PNM,wkt",
            f"{csv_text('P1' + p[0])},{csv_text('Trust ' + p[1])},\"POINT(400500 100500)\"",
            f"{csv_text('P2' + p[3])},{csv_text('Trust ' + p[4])},\"POINT(403500 101500)\"",
            f"{csv_text('P3' + p[2])},{csv_text('Far ' + p[5])},\"POINT(500000 200000)\"",
        ])
        write(os.path.join(work, "origins.csv"), [
            "member,group",
            f"{csv_text('U1' + p[2])},{csv_text('F1' + p[0])}",
            f"{csv_text('O2' + p[4])},{csv_text('F2' + p[1])}",
            f"{csv_text('O3' + p[3])},{csv_text('F3' + p[3])}",
        ])
        write(os.path.join(work, "flows.csv"), [
            "origin,destination,count",
            f"{csv_text('U1' + p[2])},{csv_text('P1' + p[0])},10",
            f"{csv_text('U1' + p[2])},{csv_text('P2' + p[3])},5",
            f"{csv_text('O2' + p[4])},{csv_text('P1' + p[0])},7",
            f"{csv_text('O3' + p[3])},{csv_text('P3' + p[2])},3",
            f"{csv_text('Unknown' + p[1])},{csv_text('P9' + p[0])},2",
        ])
        common = ["--srs", "EPSG:27700", "--quiet"]
        title = "Title " + p[0] + p[1]

        run(["fp-flows", "flows.csv", "--origin-map", "origins.csv", "--destination-points",
             "providers.csv", "--footprints", fp_file, "--matrix", "matrix.csv", "-o", "flows.txt"] + common, work)
        run(["fp-map", fp_file, units_file, "--no-weights", "--show-slivers", "--points", "providers.csv",
             "--flow-matrix", "matrix.csv", "-o", "map.svg"] + common, work)
        run(["fp-map", fp_file, units_file, "--no-weights", "--title", title, "-o", "titled.svg"] + common, work)
        run(["fp-report", fp_file, units_file, "--no-weights", "--flows", "flows.csv", "--origin-map", "origins.csv",
             "--destination-points", "providers.csv", "--title", title, "-o", "report.html"] + common, work)
        run(["fp-report", fp_file, units_file, "--no-weights", "-o", "untitled.html"] + common, work)
        run(["fp-check", fp_file, "--coterm", units_file, "--code-pattern", "^X", "--junit", "junit.xml",
             "-o", "check.txt"] + common, work)

        strict = etree.XMLParser(resolve_entities=False, no_network=True)
        for name in ["map.svg", "titled.svg", "junit.xml"]:
            with open(os.path.join(work, name), "rb") as f:
                data = f.read()
            try:
                root = etree.fromstring(data, strict)
            except etree.XMLSyntaxError as e:
                failures.append(f"{name}: not well-formed XML: {e}")
                continue
            check_tree(name, root, 0)
            check_text_survives(name, "".join(root.itertext()) + "".join(
                v for e in root.iter() if isinstance(e.tag, str) for v in e.attrib.values()))

        for name in ["report.html", "untitled.html"]:
            with open(os.path.join(work, name), "rb") as f:
                data = f.read()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as e:
                failures.append(f"{name}: not UTF-8: {e}")
            root = html.document_fromstring(data, parser=html.HTMLParser(encoding="utf-8"))
            check_tree(name, root, 1)
            check_text_survives(name, root.text_content())
            # The embedded maps are SVG fragments: XML in their own right.
            for svg in root.iter("svg"):
                try:
                    etree.fromstring(html.tostring(svg), strict)
                except etree.XMLSyntaxError as e:
                    failures.append(f"{name}: an embedded SVG is not well-formed: {e}")

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            print("SKIPPED (Chromium part): chromium not installed")
        else:
            for name in ["report.html", "untitled.html"]:
                dom = subprocess.run(
                    [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     f"--user-data-dir={work}/profile", "--virtual-time-budget=2000", "--dump-dom",
                     "file://" + os.path.join(work, name)],
                    capture_output=True, text=True, timeout=120).stdout
                if "<body" not in dom:
                    failures.append(f"{name}: Chromium dumped no DOM")
                    continue
                root = html.document_fromstring(dom)
                check_tree(f"{name} in Chromium", root, 1)
                check_text_survives(f"{name} in Chromium", root.text_content())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        print("FAIL:\n" + "\n".join(failures))
        return 1
    print("ok: markup in codes, names, file and layer names, titles, flows and providers stays text in "
          "fp-map SVG, fp-report HTML (lxml and Chromium) and fp-check JUnit")
    return 0


sys.exit(main())
