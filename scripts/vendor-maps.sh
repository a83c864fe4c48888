#!/usr/bin/env bash
# Vendors the pages' map library, pinned, from the npm registry: Leaflet and
# Leaflet.markercluster, with their licences, into src/redceci/web/static/vendor/. The pages
# load them from the platform itself (no CDN, no tile server): run again only to change a version.
set -euo pipefail
LEAFLET=1.9.4
CLUSTER=1.5.3
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/redceci/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" >/dev/null
mkdir leaflet cluster
tar -xzf "leaflet-$LEAFLET.tgz" -C leaflet
tar -xzf "leaflet.markercluster-$CLUSTER.tgz" -C cluster
rm -rf "$out/leaflet" "$out/leaflet.markercluster"
mkdir -p "$out/leaflet/images" "$out/leaflet.markercluster"
cp leaflet/package/dist/leaflet.js leaflet/package/dist/leaflet.css "$out/leaflet/"
cp leaflet/package/dist/images/*.png "$out/leaflet/images/"
cp leaflet/package/LICENSE "$out/leaflet/LICENSE"
cp cluster/package/dist/leaflet.markercluster.js cluster/package/dist/MarkerCluster.css \
  cluster/package/dist/MarkerCluster.Default.css "$out/leaflet.markercluster/"
cp cluster/package/MIT-LICENCE.txt "$out/leaflet.markercluster/LICENSE" 2>/dev/null \
  || cp cluster/package/MIT-LICENSE.txt "$out/leaflet.markercluster/LICENSE"
{
  echo "Vendored by scripts/vendor-maps.sh from the npm registry (do not edit by hand)."
  echo "leaflet $LEAFLET (BSD-2-Clause) sha256 of the package: $(sha256sum "leaflet-$LEAFLET.tgz" | cut -d' ' -f1)"
  echo "leaflet.markercluster $CLUSTER (MIT) sha256 of the package: $(sha256sum "leaflet.markercluster-$CLUSTER.tgz" | cut -d' ' -f1)"
} > "$out/VERSIONS.txt"
find "$out" -type f -exec chmod 644 {} +
echo "vendored into $out"
