#!/usr/bin/env bash
# Builds data/england-2016.gpkg, footprint's shipped dataset, from the public
# ONS/NHS downloads in shared/data, with fp-build and GDAL only. Nothing is
# edited by hand; anyone holding the same downloads gets the same features.
#
#   scripts/build-dataset.sh [SHARED_DATA_DIR] [OUTPUT]
#
# Defaults: ../shared/data beside the repository, and data/england-2016.gpkg.
# Needs the tools built (scripts/setup.sh). Set FP_BIN to use other binaries.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "${1:-$repo/../shared/data}" && pwd)
output=${2:-$repo/data/england-2016.gpkg}
bin=${FP_BIN:-$repo/build/tools}
dates=$repo/scripts/dataset/cauth17_start_dates.csv

# GeoPackage stamps tables with the current time; a fixed stamp keeps
# rebuilds identical.
export OGR_CURRENT_DATE=2016-12-01T00:00:00Z
export OGR_SQLITE_SYNCHRONOUS=OFF

[ -x "$bin/fp-build" ] || { echo "build-dataset: $bin/fp-build not found; run scripts/setup.sh" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { echo "build-dataset: $*" >&2; }
fail() { echo "build-dataset: $*" >&2; exit 1; }

# One SQL answer as a bare value.
value() { ogrinfo -ro -q -dialect SQLite -sql "$2" "$1" | sed -n 's/^  [^=]* = //p' | head -n 1; }
expect() { # DATASET SQL EXPECTED WHAT
    local got
    got=$(value "$1" "$2")
    [ "$got" = "$3" ] || fail "$4: expected $3, got '$got'"
    say "ok: $4 = $3"
}
build() { # MEMBERS TABLE LAYER
    "$bin/fp-build" --quiet "$1" "$2" -n "$3" -o "$work/$3.gpkg" >"$work/$3.report"
    sed -n '1,/^$/p' "$work/$3.report" | grep -v '^    ' >&2
}

lookups=$shared/lookups
lsoa="$shared/boundaries/lsoa11_bgc.gpkg|layer=lsoa11"

say "tables"
# Some lookups carry a column named FID, which must not become the
# GeoPackage's own feature id (-lco FID=gpkg_fid).
tables=$work/tables.gpkg
ogr2ogr -f GPKG "$tables" "$lookups/lad16_cty16.csv" -nln lad16_cty16 -lco FID=gpkg_fid
ogr2ogr -update "$tables" "$lookups/lsoa11_ccg16_lad16.csv" -nln lsoa_ccg_lad -lco FID=gpkg_fid
ogr2ogr -update "$tables" "$shared/flows/lsoa11_population_2017.csv" -nln lsoa_population
ogr2ogr -update "$tables" "$shared/flows/msoa11_population_2019.csv" -nln msoa_population
ogr2ogr -update "$tables" "$shared/flows/msoa11_trust_share_2019.csv" -nln msoa_trust_share
ogr2ogr -update "$tables" "$dates" -nln cauth_dates
ogr2ogr -update "$tables" "$lookups/lsoa11_msoa11.csv" -nln lsoa_msoa
ogr2ogr -update "$tables" "$lookups/lsoa11_ccg17_stp17_lad17.csv" -nln lsoa_stp -lco FID=gpkg_fid

# Upper-tier councils: the county (E10) where a district has one, otherwise
# the district or unitary itself (metropolitan counties E11 and Inner/Outer
# London E13 are not councils).
ogr2ogr -f CSV "$work/lad_utla.csv" "$tables" -dialect SQLite -sql "
  SELECT l.LAD16CD AS LAD16CD,
         CASE WHEN c.CTY16CD LIKE 'E10%' THEN c.CTY16CD ELSE l.LAD16CD END AS UTLA16CD,
         CASE WHEN c.CTY16CD LIKE 'E10%' THEN c.CTY16NM ELSE l.LAD16NM END AS UTLA16NM
  FROM (SELECT DISTINCT LAD16CD, LAD16NM FROM lsoa_ccg_lad) l
  LEFT JOIN lad16_cty16 c ON c.LAD16CD = l.LAD16CD
  ORDER BY 1"

say "footprints and councils from LSOA membership"
build "$lsoa" "$lookups/lsoa11_ccg17_stp17_lad17.csv|member=LSOA11CD|group=STP17CD" stp16
build "$lsoa" "$lookups/lsoa11_ccg16_lad16.csv|member=LSOA11CD|group=CCG16CD" ccg16
build "$lsoa" "$lookups/lsoa11_ccg16_lad16.csv|member=LSOA11CD|group=LAD16CD" lad16
build "$work/lad16.gpkg" "$work/lad_utla.csv|member=LAD16CD|group=UTLA16CD" utla16

# Health and wellbeing boards: one per upper-tier council, except that the
# City of London joins Hackney and the Isles of Scilly join Cornwall.
ogr2ogr -f CSV "$work/utla_hwb.csv" "$work/utla16.gpkg" -dialect SQLite -sql "
  SELECT utla16cd AS UTLA16CD,
         CASE utla16cd WHEN 'E09000001' THEN 'E09000012' WHEN 'E06000053' THEN 'E06000052'
                       ELSE utla16cd END AS HWB16CD,
         CASE WHEN utla16cd IN ('E09000001', 'E09000012') THEN 'Hackney and City of London'
              WHEN utla16cd IN ('E06000053', 'E06000052') THEN 'Cornwall and Isles of Scilly'
              ELSE utla16nm END AS HWB16NM
  FROM utla16 ORDER BY 1"
build "$work/utla16.gpkg" "$work/utla_hwb.csv|member=UTLA16CD|group=HWB16CD" hwb16
build "$work/lad16.gpkg" "$lookups/lad17_cauth17.csv|member=LAD17CD|group=CAUTH17CD" cauth17

say "assembling"
staged=$work/england-2016.gpkg
ogr2ogr -f GPKG "$staged" "$work/stp16.gpkg" stp16
for layer in ccg16 lad16 utla16 hwb16; do
    ogr2ogr -update "$staged" "$work/$layer.gpkg" "$layer"
done
ogr2ogr -update "$work/cauth17.gpkg" "$dates" -nln dates
ogr2ogr -update "$staged" "$work/cauth17.gpkg" -nln cauth17 -nlt MULTIPOLYGON -dialect SQLite -sql "
  SELECT c.cauth17cd, c.cauth17nm, d.start_date, d.established_by, c.members, c.parts,
         c.area_km2, c.geom
  FROM cauth17 c JOIN dates d ON d.CAUTH17CD = c.cauth17cd ORDER BY c.cauth17cd"

# One point inside each LSOA, carrying its mid-2017 population. LSOAs are
# first repaired by fp-build (each its own footprint), exactly as every tool
# repairs them: SpatiaLite's MakeValid collapses some of them to nothing. The
# point is taken inside the LSOA shrunk by 25 m where it is wide enough, so
# that no sliver where neighbouring LSOAs overlap can hold it.
# Each LSOA its own group: the group is a copy of the code column, since one
# column may not be named for two roles.
ogr2ogr -f CSV "$work/lsoa_self.csv" "$lookups/lsoa11_ccg16_lad16.csv" -dialect SQLite \
    -sql "SELECT LSOA11CD, LSOA11CD AS LSOA11CD_GROUP, LSOA11NM FROM lsoa11_ccg16_lad16"
build "$lsoa" "$work/lsoa_self.csv|member=LSOA11CD|group=LSOA11CD_GROUP|group_name=LSOA11NM" lsoa11
ogr2ogr -update "$work/lsoa11.gpkg" "$tables" lsoa_population
ogr2ogr -update "$staged" "$work/lsoa11.gpkg" -nln lsoa11_pop -nlt POINT -dialect SQLite -sql "
  SELECT lsoa11cd, lsoa11nm, population,
         CASE WHEN core IS NULL OR ST_IsEmpty(core) THEN ST_PointOnSurface(geom)
              ELSE ST_PointOnSurface(core) END AS geom
  FROM (SELECT l.lsoa11cd, l.lsoa11nm, CAST(p.total_population AS INTEGER) AS population,
               l.geom AS geom, ST_Buffer(l.geom, -25) AS core
        FROM lsoa11 l LEFT JOIN lsoa_population p ON p.lsoa11_code = l.lsoa11cd)
  ORDER BY lsoa11cd"
ogr2ogr -update "$work/lsoa11.gpkg" "$staged" lsoa11_pop
expect "$work/lsoa11.gpkg" "SELECT COUNT(*) FROM lsoa11_pop p JOIN lsoa11 l ON l.lsoa11cd = p.lsoa11cd
                           WHERE ST_Within(p.geom, l.geom)" 32844 "LSOA points inside their LSOA"

ogr2ogr -update "$staged" "$shared/flows/trust_points_2022.csv" -nln trusts \
    -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -s_srs EPSG:4326 -t_srs EPSG:27700 \
    -sql "SELECT nhs_trust22_code AS trust22cd, nhs_trust22_name AS trust22nm, status
          FROM trust_points_2022 ORDER BY nhs_trust22_code"

# Patient flows as counts: an MSOA's share of admissions to a trust times the
# MSOA's mid-2019 population, rounded to the nearest whole patient (halves
# away from zero). proportion and population are kept beside the count.
ogr2ogr -update "$staged" "$tables" -nln msoa_trust_flows19 -dialect SQLite -sql "
  SELECT s.msoa_code AS msoa11cd, s.trust_code AS trustcd,
         CAST(s.proportion AS REAL) AS proportion,
         CAST(p.total_population AS INTEGER) AS population,
         CAST(ROUND(CAST(s.proportion AS REAL) * CAST(p.total_population AS INTEGER)) AS INTEGER) AS count
  FROM msoa_trust_share s LEFT JOIN msoa_population p ON p.msoa11_code = s.msoa_code
  ORDER BY s.msoa_code, s.trust_code"

# MSOAs do not all nest in footprints: each MSOA's share of population in
# each footprint, from its LSOAs, for mapping flows from MSOAs of residence.
ogr2ogr -update "$staged" "$tables" -nln msoa11_stp16 -dialect SQLite -sql "
  WITH parts AS (
    SELECT m.msoa11_code AS msoa11cd, s.STP17CD AS stp16cd,
           SUM(CAST(p.total_population AS INTEGER)) AS population
    FROM lsoa_stp s JOIN lsoa_msoa m ON m.lsoa11_code = s.LSOA11CD
    JOIN lsoa_population p ON p.lsoa11_code = s.LSOA11CD
    GROUP BY 1, 2)
  SELECT parts.msoa11cd, parts.stp16cd, parts.population,
         CAST(parts.population AS REAL) / totals.population AS share
  FROM parts JOIN (SELECT msoa11cd, SUM(population) AS population FROM parts GROUP BY 1) totals
    ON totals.msoa11cd = parts.msoa11cd
  WHERE parts.population > 0
  ORDER BY 1, 2"

# Each English LSOA's MSOA: with the LSOA population points, it shares MSOAs
# among any footprints by population, where msoa11_stp16 (made for stp16)
# does not fit.
ogr2ogr -update "$staged" "$tables" -nln lsoa11_msoa11 -dialect SQLite -sql "
  SELECT m.lsoa11_code AS lsoa11cd, m.msoa11_code AS msoa11cd
  FROM lsoa_msoa m JOIN lsoa_stp s ON s.LSOA11CD = m.lsoa11_code
  ORDER BY 1"

# The footprint definitions as membership tables, for fp-check and for
# comparing definitions without geometry: each LSOA's footprint, and each
# CCG's footprints with its share of population in each (NHS Cumbria CCG is
# the one CCG in two).
ogr2ogr -update "$staged" "$tables" -nln lsoa11_stp16 -dialect SQLite -sql "
  SELECT LSOA11CD AS lsoa11cd, STP17CD AS stp16cd FROM lsoa_stp ORDER BY 1"
ogr2ogr -update "$staged" "$tables" -nln ccg16_stp16 -dialect SQLite -sql "
  WITH parts AS (
    SELECT c.CCG16CD AS ccg16cd, c.CCG16NM AS ccg16nm, s.STP17CD AS stp16cd, s.STP17NM AS stp16nm,
           SUM(CAST(p.total_population AS INTEGER)) AS population
    FROM lsoa_ccg_lad c JOIN lsoa_stp s ON s.LSOA11CD = c.LSOA11CD
    JOIN lsoa_population p ON p.lsoa11_code = c.LSOA11CD
    GROUP BY 1, 2, 3, 4)
  SELECT parts.ccg16cd, parts.ccg16nm, parts.stp16cd, parts.stp16nm, parts.population,
         CAST(parts.population AS REAL) / totals.population AS share
  FROM parts JOIN (SELECT ccg16cd, SUM(population) AS population FROM parts GROUP BY 1) totals
    ON totals.ccg16cd = parts.ccg16cd
  ORDER BY 1, 3"

say "checking"
expect "$staged" "SELECT COUNT(*) FROM stp16" 44 "footprints"
expect "$staged" "SELECT MIN(stp16cd) || ' ' || MAX(stp16cd) FROM stp16" "E54000005 E54000048" "footprint codes"
expect "$staged" "SELECT COUNT(*) FROM ccg16" 209 "CCGs"
expect "$staged" "SELECT COUNT(*) FROM lad16" 326 "district and unitary councils"
expect "$staged" "SELECT COUNT(*) FROM utla16" 152 "upper-tier councils"
expect "$staged" "SELECT COUNT(*) FROM hwb16" 150 "health and wellbeing boards"
expect "$staged" "SELECT COUNT(*) FROM cauth17" 9 "combined authorities"
expect "$staged" "SELECT COUNT(*) FROM cauth17 WHERE start_date <= '2016-12-31'" 7 "combined authorities by December 2016"
expect "$staged" "SELECT COUNT(*) FROM lsoa11_pop" 32844 "LSOA population points"
expect "$staged" "SELECT COUNT(*) FROM lsoa11_pop WHERE population IS NULL OR geom IS NULL" 0 "LSOAs without population or point"
expect "$staged" "SELECT COUNT(*) FROM trusts" 218 "trusts"
expect "$staged" "SELECT COUNT(*) FROM msoa_trust_flows19" 60187 "MSOA to trust flows"
expect "$staged" "SELECT COUNT(*) FROM msoa_trust_flows19 WHERE population IS NULL" 0 "flows without MSOA population"
expect "$staged" "SELECT COUNT(DISTINCT msoa11cd) FROM msoa11_stp16" 6791 "MSOAs mapped to footprints"
expect "$staged" "SELECT COUNT(*) FROM (SELECT msoa11cd FROM msoa11_stp16 GROUP BY 1 HAVING ABS(SUM(share) - 1) > 1e-9)" 0 "MSOA shares summing to 1"
expect "$staged" "SELECT COUNT(*) FROM lsoa11_stp16" 32844 "LSOAs in footprints"
expect "$staged" "SELECT COUNT(*) || ' ' || COUNT(DISTINCT msoa11cd) FROM lsoa11_msoa11" "32844 6791" "LSOAs in MSOAs"
expect "$staged" "SELECT COUNT(DISTINCT ccg16cd) FROM ccg16_stp16" 209 "CCGs in footprints"
expect "$staged" "SELECT group_concat(ccg16cd || ' ' || stp16cd, ', ') FROM ccg16_stp16
                  WHERE ccg16cd IN (SELECT ccg16cd FROM ccg16_stp16 GROUP BY 1 HAVING COUNT(*) > 1)" \
    "E38000041 E54000047, E38000041 E54000048" "CCGs in two footprints"
for layer in stp16 ccg16 lad16 utla16 hwb16 cauth17; do
    grep -q '^  missing      0 ' "$work/$layer.report" ||
        fail "$layer: members missing from the layer: $(sed -n '/^  missing/,/^  unassigned/p' "$work/$layer.report")"
done

mkdir -p "$(dirname "$output")"
mv "$staged" "$output.tmp"
mv "$output.tmp" "$output"
say "wrote $output ($(du -k "$output" | cut -f1) KiB)"
