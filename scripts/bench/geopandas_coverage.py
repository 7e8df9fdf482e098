"""The peer for bench/coverage.sh: a geopandas user's naive coverage check.

    python3 geopandas_coverage.py A.gpkg[:LAYER] [SLIVER_WIDTH_M]

Overlaps are the intersections of the pairs the spatial index proposes; gaps
are the holes of the union; a piece is a sliver when a negative buffer of
half the sliver width leaves nothing of it. Prints the counts, so both sides
can be seen to do the same job.
"""
import sys

import geopandas
import shapely

path, _, layer = sys.argv[1].partition(":")
width = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0
frame = geopandas.read_file(path, layer=layer or None).to_crs(27700)
geoms = shapely.make_valid(frame.geometry.values)

left, right = frame.sindex.query(geoms, predicate="intersects")
keep = left < right
overlaps = shapely.intersection(geoms[left[keep]], geoms[right[keep]])
overlaps = [g for g in overlaps if g.area > 0]

union = shapely.union_all(geoms)
gaps = [shapely.Polygon(ring) for part in getattr(union, "geoms", [union]) for ring in part.interiors]


def wide(piece):
    return not piece.buffer(-width / 2).is_empty


wide_overlaps = sum(wide(g) for g in overlaps)
wide_gaps = sum(wide(g) for g in gaps)
print(f"{len(overlaps)} overlaps ({wide_overlaps} wide), {len(gaps)} gaps ({wide_gaps} wide)")
