"""The peer for bench/coverage.sh: a geopandas user's naive coverage check.

    python3 geopandas_coverage.py A.gpkg[:LAYER] [SLIVER_WIDTH_M]

Overlaps are the intersections of the pairs the spatial index proposes; gaps
are the holes of the union; a piece is a sliver when a negative buffer of
half the sliver width leaves nothing of it. Prints the counts, so both sides
can be seen to do the same job.
"""
import sys

import geopandas
from shapely.geometry import Polygon
from shapely.ops import unary_union

path, _, layer = sys.argv[1].partition(":")
width = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0
frame = geopandas.read_file(path, layer=layer or None).to_crs(27700)
# Like footprint, repair invalid polygons first.
frame["geometry"] = frame.geometry.buffer(0)
geoms = list(frame.geometry)

left, right = frame.sindex.query_bulk(frame.geometry, predicate="intersects")
overlaps = [geoms[a].intersection(geoms[b]) for a, b in zip(left, right) if a < b]
overlaps = [g for g in overlaps if g.area > 0]

union = unary_union(geoms)
gaps = [Polygon(ring) for part in getattr(union, "geoms", [union]) for ring in part.interiors]


def wide(piece):
    return not piece.buffer(-width / 2).is_empty


wide_overlaps = sum(wide(g) for g in overlaps)
wide_gaps = sum(wide(g) for g in gaps)
print(f"{len(overlaps)} overlaps ({wide_overlaps} wide), {len(gaps)} gaps ({wide_gaps} wide)")
