#!/usr/bin/env python3
"""Property test: a tool's output does not depend on the order of rows or
features in its inputs.

    check_row_order.py TOOL BIN_DIR REPO_DATA_DIR SHARED_DATA_DIR

Builds small but real inputs from the shipped dataset (three footprints of
the north west and north east: Cumbria's two, which split NHS Cumbria CCG,
and Northumberland, Tyne and Wear; their CCGs, councils, population points,
MSOA flows) and the shared LSOA lookup, then writes two reordered copies of
every input: every layer and table reversed, and shuffled with a fixed seed.
The tool runs on each copy and every output must equal the original's byte
for byte: stdout, stderr, exit status and every file written (a GeoPackage
is compared as its GeoJSON export, layer by layer, since the file itself
holds the time it was written).

The inputs include a tie that used to follow row order: a trust shared
equally between two footprints, so an origin in the third footprint sees
two equally large destinations for it.

Exit 77 (skipped) when the shared data is missing.
"""
import csv
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile

FOOTPRINTS = ("E54000046", "E54000047", "E54000048")
# Northumbria Healthcare, used by the residents of E54000046, shared equally
# by the two other footprints below: a tie for their outflows' destination.
SPLIT_TRUST = "RTF"


def csv_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return f.read().splitlines()


def csv_line(values):
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join([header] + rows) + "\n")


# Each ordering: an SQLite ORDER BY over a layer's fid, and a permutation of
# a table's data rows. Both deterministic: no clock, no hash seed.
def shuffled(rows):
    rows = list(rows)
    random.Random(1).shuffle(rows)
    return rows


ORDERINGS = {
    "original": ("fid", lambda rows: list(rows)),
    "reversed": ("fid DESC", lambda rows: list(reversed(rows))),
    "shuffled": ("(fid * 1103515245 + 12345) % 2147483648, fid", shuffled),
}

# The GeoPackage is written with SQLite alone (a GeoPackage is an SQLite
# file; geometry blobs are copied as they are), which is much quicker than
# one ogr2ogr run per layer. No spatial index: its triggers need GDAL.
LAYERS = {
    "stp": ("stp16", "stp16cd IN ({fps})"),
    "ccg": ("ccg16", "ccg16cd IN (SELECT ccg16cd FROM s.ccg16_stp16 WHERE stp16cd IN ({fps}))"),
    "lad": ("lad16", "lad16cd IN ({lads})"),
    "pop": ("lsoa11_pop", "lsoa11cd IN (SELECT lsoa11cd FROM s.lsoa11_stp16 WHERE stp16cd IN ({fps}))"),
    "trusts": ("trusts", "1"),
    "msoa_stp": ("msoa11_stp16", "stp16cd IN ({fps})"),
    "ccg_stp": ("ccg16_stp16", "stp16cd IN ({fps})"),
    "flows": ("msoa_trust_flows19", "msoa11cd IN (SELECT msoa11cd FROM s.msoa11_stp16 WHERE stp16cd IN ({fps}))"),
}


def quoted(codes):
    return ",".join(f"'{c}'" for c in sorted(codes))


def make_base(base, data, shared):
    """The inputs, in the shipped order: layers in base/region.gpkg and
    tables as CSV lines in memory."""
    shipped = os.path.join(data, "england-2016.gpkg")
    fps = quoted(FOOTPRINTS)
    con = sqlite3.connect(os.path.join(base, "region.gpkg"))
    con.execute("PRAGMA application_id = 1196444487")
    con.execute("PRAGMA user_version = 10200")
    con.execute("ATTACH DATABASE ? AS s", (shipped,))
    schema = dict(con.execute("SELECT name, sql FROM s.sqlite_master WHERE type = 'table'"))
    for table in ("gpkg_spatial_ref_sys", "gpkg_contents", "gpkg_geometry_columns"):
        con.execute(schema[table])
    con.execute("INSERT INTO gpkg_spatial_ref_sys SELECT * FROM s.gpkg_spatial_ref_sys")

    # The footprints' LSOAs, with their CCGs and councils from the lookup.
    lsoa_stp = dict(con.execute(f"SELECT lsoa11cd, stp16cd FROM s.lsoa11_stp16 WHERE stp16cd IN ({fps})"))
    lookup = []
    with open(os.path.join(shared, "lookups", "lsoa11_ccg16_lad16.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["LSOA11CD"] in lsoa_stp:
                lookup.append((row["LSOA11CD"], row["CCG16CD"], row["LAD16CD"]))
    lads = quoted({lad for _, _, lad in lookup})

    tables = {}
    for name, (source, where) in LAYERS.items():
        con.execute(schema[source].replace(f'"{source}"', f'"{name}"', 1))
        where = where.format(fps=fps, lads=lads)
        con.execute(f'INSERT INTO "{name}" SELECT * FROM s."{source}" WHERE {where} ORDER BY fid')
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
                    "SELECT ?, data_type, ?, description, last_change, srs_id FROM s.gpkg_contents "
                    "WHERE table_name = ?", (name, name, source))
        con.execute("INSERT INTO gpkg_geometry_columns SELECT ?, column_name, geometry_type_name, srs_id, z, m "
                    "FROM s.gpkg_geometry_columns WHERE table_name = ?", (name, source))
        if name in ("flows", "msoa_stp", "ccg_stp", "pop"):
            cur = con.execute(f'SELECT * FROM "{name}" ORDER BY fid')
            columns = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(columns) if c not in ("fid", "geom")]
            tables[name + ".csv"] = (csv_line([columns[i] for i in keep]),
                                     [csv_line([row[i] for i in keep]) for row in cur])
    con.commit()

    # Whole CCGs only, for fp-build: NHS Cumbria CCG is split.
    header, rows = tables["ccg_stp.csv"]
    tables["ccg_stp_whole.csv"] = (header, [r for r in rows if not r.startswith("E38000041,")])
    tables["lsoa_stp.csv"] = ("lsoa11cd,stp16cd", [f"{l},{s}" for l, s in sorted(lsoa_stp.items())])
    tables["lsoa_ccg.csv"] = ("lsoa11cd,ccg16cd", [f"{l},{c}" for l, c, _ in lookup])
    tables["lsoa_lad.csv"] = ("lsoa11cd,lad16cd", [f"{l},{d}" for l, _, d in lookup])
    # Trusts by footprint: the footprint whose residents they treat most.
    best = {}
    for trust, stp, count in con.execute(
            "SELECT f.trustcd, m.stp16cd, SUM(f.count * m.share) FROM flows f JOIN msoa_stp m "
            "ON m.msoa11cd = f.msoa11cd GROUP BY 1, 2 ORDER BY 1, 2"):
        if count > best.get(trust, (-1, ""))[0]:
            best[trust] = (count, stp)
    dest = {trust: [f"{trust},{stp},1"] for trust, (_, stp) in best.items()}
    dest[SPLIT_TRUST] = [f"{SPLIT_TRUST},E54000047,0.5", f"{SPLIT_TRUST},E54000048,0.5"]
    # Two old codes of trusts in different footprints merged into a third's
    # trust: it is shared equally by the three, whichever row comes first.
    dest["RXX1"] = ["RXX1,E54000048,1"]
    dest["RXX2"] = ["RXX2,E54000046,1"]
    tables["trust_stp.csv"] = ("trustcd,stp16cd,share", [row for trust in sorted(dest) for row in dest[trust]])
    tables["successions.csv"] = ("old_code,new_code,date", ["RXX1,RNL,2020-01-01", "RXX2,RNL,2020-01-01"])
    con.close()
    return tables


def make_copy(base, tables, target, ordering):
    """Every layer and table of `base` in `ordering`; features renumbered."""
    order_sql, permute = ORDERINGS[ordering]
    os.makedirs(target)
    gpkg = os.path.join(target, "region.gpkg")
    shutil.copyfile(os.path.join(base, "region.gpkg"), gpkg)
    con = sqlite3.connect(gpkg)
    for (name,) in con.execute("SELECT table_name FROM gpkg_contents").fetchall():
        columns = ", ".join(f'"{c[1]}"' for c in con.execute(f'PRAGMA table_info("{name}")') if c[1] != "fid")
        con.execute(f'CREATE TEMP TABLE reordered AS SELECT ROW_NUMBER() OVER (ORDER BY {order_sql}) AS fid, '
                    f'{columns} FROM "{name}"')
        con.execute(f'DELETE FROM "{name}"')
        con.execute(f'INSERT INTO "{name}" (fid, {columns}) SELECT fid, {columns} FROM reordered ORDER BY fid')
        con.execute("DROP TABLE reordered")
    con.commit()
    con.close()
    for name, (header, rows) in tables.items():
        write_csv(os.path.join(target, name), header, permute(rows))


# Each tool's commands, with the exit status the original inputs give.
IN = "{in}/region.gpkg|layer="
FLOW_MAPS = ["--origin-map", "{in}/msoa_stp.csv|share=share", "--destination-map", "{in}/trust_stp.csv|share=share",
             "--successions", "{in}/successions.csv"]
TOOLS = {
    "fp-info": [
        (0, ["fp-info", IN + "stp"]),
        (0, ["fp-info", "--check", "--slivers", "-f", "json", IN + "ccg"]),
        (0, ["fp-info", "--check", "--slivers", IN + "lad", "-o", "info.txt"]),
    ],
    "fp-span": [
        (0, ["fp-span", IN + "stp", IN + "ccg", IN + "stp", IN + "lad", "--weights", IN + "pop"]),
        (0, ["fp-span", "-f", "json", IN + "stp", IN + "lad", "--no-weights"]),
        (0, ["fp-span", "--membership", "-f", "csv", "{in}/lsoa_stp.csv", "{in}/lsoa_ccg.csv", "{in}/lsoa_lad.csv",
             "--member-weights", "{in}/pop.csv|member=lsoa11cd|weight=population"]),
    ],
    "fp-coterm": [
        (0, ["fp-coterm", IN + "stp", IN + "ccg", "--weights", IN + "pop", "--pieces", "pieces.gpkg"]),
        (0, ["fp-coterm", "-f", "json", "--table", "footprints", IN + "stp", IN + "lad", "--weights", IN + "pop"]),
        (0, ["fp-coterm", "-f", "csv", "--table", "units", IN + "stp", IN + "lad", "--no-weights", "-o", "units.csv"]),
        (0, ["fp-coterm", "--membership", "-f", "json", "{in}/lsoa_stp.csv", "{in}/lsoa_lad.csv", "--member-weights",
             "{in}/pop.csv|member=lsoa11cd|weight=population"]),
    ],
    "fp-flows": [
        (0, ["fp-flows", "{in}/flows.csv", "--matrix", "matrix.csv", "--unmapped", "unmapped.csv", "--top", "8"] +
         FLOW_MAPS),
        (0, ["fp-flows", "-f", "csv", "--table", "providers", "{in}/flows.csv"] + FLOW_MAPS),
        (0, ["fp-flows", "-f", "json", "--table", "net", "{in}/flows.csv"] + FLOW_MAPS),
        (0, ["fp-flows", "-f", "json", IN + "flows", "--origin-map", IN + "msoa_stp|share=share", "--destination-points",
             IN + "trusts", "--footprints", IN + "stp"]),
    ],
    "fp-build": [
        (0, ["fp-build", IN + "ccg", "{in}/ccg_stp_whole.csv|member=ccg16cd|group=stp16cd", "-o", "stp.gpkg",
             "-f", "json"]),
        (1, ["fp-build", IN + "ccg", "{in}/ccg_stp.csv|member=ccg16cd|group=stp16cd", "-o", "split.gpkg"]),
    ],
    "fp-check": [
        (3, ["fp-check", "--footprints", IN + "stp", "--membership", "{in}/ccg_stp.csv|member=ccg16cd|group=stp16cd",
             "--members", IN + "ccg", "--reference", IN + "lad", "--coterm", IN + "ccg", "--coterm", IN + "lad",
             "--weights", IN + "pop", "--min-population", "3000000", "--max-area", "1000", "--junit", "junit.xml"]),
        (3, ["fp-check", "-f", "json", "--footprints", IN + "stp", "--coterm", IN + "lad", "--weights", IN + "pop",
             "--max-population", "10"]),
    ],
    "fp-map": [
        (0, ["fp-map", IN + "stp", IN + "lad", "--weights", IN + "pop", "--points", IN + "trusts", "--flow-matrix",
             "{in}/matrix.csv", "--show-slivers", "--width", "300", "-o", "map.svg"]),
    ],
    "fp-report": [
        (0, ["fp-report", IN + "stp", IN + "ccg", IN + "stp", IN + "lad", "--weights", IN + "pop", "--flows",
             "{in}/flows.csv", "--width", "300", "-o", "report.html"] + FLOW_MAPS),
    ],
}


# The sanitizer build (FP_SANITIZED=1) runs several times slower: there a
# smaller variant runs each tool's first command on shuffled inputs only.
SANITIZED = os.environ.get("FP_SANITIZED") == "1"


def commands(tool):
    return TOOLS[tool][:1] if SANITIZED else TOOLS[tool]


def outputs(tool, bin_dir, inputs, out):
    """Everything a tool's commands produced, by name, as bytes."""
    result = {}
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    for i, (expected, command) in enumerate(commands(tool)):
        run_dir = os.path.join(out, str(i))
        os.makedirs(run_dir)
        args = [a.replace("{in}", inputs) for a in command]
        p = subprocess.run(args, cwd=run_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        tag = " ".join(command)
        norm = lambda b: b.replace(inputs.encode(), b"IN")
        result[f"{tag}: exit status"] = str(p.returncode).encode()
        if inputs.endswith("original") and p.returncode != expected:
            sys.exit(f"{tag}: exit status {p.returncode}, expected {expected}:\n{p.stderr.decode()}")
        result[f"{tag}: stdout"] = norm(p.stdout)
        result[f"{tag}: stderr"] = norm(p.stderr)
        for name in sorted(os.listdir(run_dir)):
            path = os.path.join(run_dir, name)
            if name.endswith(".gpkg"):
                listing = subprocess.run(["ogrinfo", "-q", "-ro", path], check=True, stdout=subprocess.PIPE,
                                         text=True).stdout
                for line in listing.splitlines():
                    layer = line.split(":", 1)[1].strip().split(" ")[0]
                    result[f"{tag}: {name} layer {layer}"] = subprocess.run(
                        ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", path, layer], check=True,
                        stdout=subprocess.PIPE).stdout.replace(inputs.encode(), b"IN")
            else:
                with open(path, "rb") as f:
                    result[f"{tag}: {name}"] = norm(f.read())
    return result


def first_difference(a, b):
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    line = a[:n].count(b"\n") + 1
    start = max(a.rfind(b"\n", 0, n) + 1, n - 200)
    return (f"line {line}:\n    original: {a[start:n + 120]!r}\n    reordered: {b[start:n + 120]!r}")


def main():
    tool, bin_dir, data, shared = sys.argv[1:5]
    if not os.path.isdir(os.path.join(shared, "lookups")):
        print(f"SKIPPED: real data not found at {shared} (CI always has it)")
        return 77
    bin_dir = os.path.abspath(bin_dir)
    work = tempfile.mkdtemp()
    try:
        base = os.path.join(work, "base")
        os.makedirs(base)
        tables = make_base(base, data, shared)
        if tool == "fp-map":
            # fp-map draws the matrix fp-flows writes: one input more.
            scratch = os.path.join(work, "matrix")
            make_copy(base, tables, scratch, "original")
            env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
            subprocess.run([a.replace("{in}", scratch) for a in TOOLS["fp-flows"][0][1]], cwd=scratch, env=env,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            lines = csv_rows(os.path.join(scratch, "matrix.csv"))
            tables["matrix.csv"] = (lines[0], lines[1:])
        results = {}
        reorderings = ("shuffled",) if SANITIZED else ("reversed", "shuffled")
        for ordering in ("original",) + reorderings:
            inputs = os.path.join(work, ordering)
            make_copy(base, tables, inputs, ordering)
            results[ordering] = outputs(tool, bin_dir, inputs, os.path.join(work, "out-" + ordering))
        failures = 0
        original = results["original"]
        for ordering in reorderings:
            for key in sorted(set(original) | set(results[ordering])):
                a, b = original.get(key), results[ordering].get(key)
                if a == b:
                    continue
                failures += 1
                if a is None or b is None:
                    print(f"FAIL ({ordering} rows): {key}: written only by the {'original' if b is None else ordering}")
                else:
                    print(f"FAIL ({ordering} rows): {key}: differs at {first_difference(a, b)}")
        if failures:
            return 1
        n = len(commands(tool))
        print(f"{tool}: {len(original)} outputs of {n} command{'' if n == 1 else 's'} equal for "
              f"{' and '.join(reorderings)} inputs")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
