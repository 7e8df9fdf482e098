# Reads JSON from stdin, which must be valid UTF-8, and prints every distinct
# string in it, ASCII-escaped, in order of first appearance.
import json
import sys

data = json.loads(sys.stdin.buffer.read().decode("utf-8", errors="strict"))
seen = []


def walk(item):
    if isinstance(item, str):
        if item not in seen:
            seen.append(item)
    elif isinstance(item, dict):
        for key, value in item.items():
            walk(key)
            walk(value)
    elif isinstance(item, list):
        for value in item:
            walk(value)


walk(data)
print("valid UTF-8 JSON")
for text in seen:
    if not text.isascii():
        print(ascii(text))
