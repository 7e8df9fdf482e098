# Reads XML (or, with --html, HTML) from the file named, or stdin, which
# must be valid UTF-8 and well-formed, and prints every distinct text or
# attribute value that is not ASCII, ASCII-escaped, in document order.
# With --titles, prints the text of every <title> element instead, and the
# names of any elements other than the SVG, HTML and JUnit ones footprint
# writes (markup in data that became markup).
import sys

from lxml import etree, html

args = [a for a in sys.argv[1:] if not a.startswith("--")]
data = open(args[0], "rb").read() if args else sys.stdin.buffer.read()
data.decode("utf-8", errors="strict")
if "--html" in sys.argv:
    root = html.document_fromstring(data, parser=html.HTMLParser(encoding="utf-8"))
    print("valid UTF-8 HTML")
else:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    print("well-formed UTF-8 XML")
OWN = {"svg", "title", "style", "g", "path", "circle", "text", "rect", "line", "html", "head", "meta", "body",
       "header", "h1", "h2", "p", "b", "nav", "ul", "li", "a", "section", "figure", "figcaption", "button", "div",
       "table", "thead", "tbody", "tr", "th", "td", "footer", "script", "testsuites", "testsuite", "testcase",
       "failure", "skipped", "system-out"}
if "--titles" in sys.argv:
    for element in root.iter():
        if not isinstance(element.tag, str):
            print("not an element:", ascii(etree.tostring(element)))
            continue
        name = etree.QName(element).localname
        if name not in OWN or any(a.lower().startswith("on") for a in element.attrib):
            print("injected:", name, dict(element.attrib))
        if name == "title":
            print(ascii(element.text))
    sys.exit(0)
seen = []
for element in root.iter():
    for text in [element.text, element.tail] + list(element.attrib.values()):
        if text and not text.isascii() and text not in seen:
            seen.append(text)
for text in seen:
    print(ascii(text))
