"""The peer for bench/coterm.sh: geopandas overlay (intersection), then area.

    python3 geopandas_overlay.py A.gpkg[:LAYER] B.gpkg[:LAYER]

Prints the number of pieces and the total area, so both sides can be seen
to do the same job.
"""
import sys

import geopandas


def read(arg):
    path, _, layer = arg.partition(":")
    frame = geopandas.read_file(path, layer=layer or None)
    # Like footprint, repair invalid polygons before overlaying them.
    frame["geometry"] = frame.geometry.buffer(0)
    return frame.to_crs(27700)


a, b = read(sys.argv[1]), read(sys.argv[2])
pieces = geopandas.overlay(a, b, how="intersection", keep_geom_type=True)
area = pieces.geometry.area
print(f"{len(pieces)} pieces, {area.sum() / 1e6:.3f} km2")
