# Reads XML (or, with --html, HTML) from the file named, or stdin, which
# must be valid UTF-8 and well-formed, and prints every distinct text or
# attribute value that is not ASCII, ASCII-escaped, in document order.
import sys

from lxml import etree, html

args = [a for a in sys.argv[1:] if a != "--html"]
data = open(args[0], "rb").read() if args else sys.stdin.buffer.read()
data.decode("utf-8", errors="strict")
if "--html" in sys.argv:
    root = html.document_fromstring(data, parser=html.HTMLParser(encoding="utf-8"))
    print("valid UTF-8 HTML")
else:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    print("well-formed UTF-8 XML")
seen = []
for element in root.iter():
    for text in [element.text, element.tail] + list(element.attrib.values()):
        if text and not text.isascii() and text not in seen:
            seen.append(text)
for text in seen:
    print(ascii(text))
